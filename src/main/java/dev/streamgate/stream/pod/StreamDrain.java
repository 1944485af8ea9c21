package dev.streamgate.stream.pod;

import dev.streamgate.stream.loop.StreamClock;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Hands a stopping pod's clients to the other pods smoothly. When Quarkus starts its shutdown delay
 * (readiness is DOWN from then on), the open streams are closed in waves spread over the drain
 * period, each after a jittered {@code retry:}, so the clients reconnect elsewhere a few at a time
 * and resume from their last id. The first wave comes one wave after readiness went DOWN, so that a
 * load balancer has begun to take the pod out before the first clients come back. Streams opened
 * during the drain are closed right after their opening frames. Whatever is left when shutdown
 * proper begins is closed at once.
 *
 * <p>Threads: the thread that stops Quarkus starts the drain ({@link #onDelay}) and closes the rest
 * ({@link #onShutdown}); {@link #start} is synchronized, so a pre-stop hook or a test may call it
 * from any thread, once. The waves run on the {@code streamgate-drain} thread this class creates
 * for the drain (one task per wave, then it ends). The volatile {@link #draining()} flag is set
 * before any wave and read by the threads that subscribe new streams (event loops) and by the
 * metrics scrape. No stream's state is touched here: a hand-over only raises the stream's flag and
 * signals its event loop ({@link StreamClock.Tickable#handOver}).
 */
@ApplicationScoped
public class StreamDrain {

  private static final Logger LOG = Logger.getLogger(StreamDrain.class);

  private final StreamClock clock;
  private final Duration period;
  private final int waves;
  private volatile boolean draining;

  public StreamDrain(StreamClock clock, ShutdownConfig shutdown) {
    this.clock = clock;
    this.period = shutdown.drainPeriod();
    this.waves = Math.max(1, shutdown.waves());
  }

  /** Whether the pod is draining: new streams are closed right after opening. */
  public boolean draining() {
    return draining;
  }

  /** Reconnect delay for a drained client: spread over one wave so reconnects do not bunch. */
  long retryMillis() {
    long wave = Math.max(1, period.toMillis() / waves);
    return 500 + ThreadLocalRandom.current().nextLong(wave);
  }

  /**
   * Quarkus' pre-shutdown: starts the waves and holds the shutdown there until the last stream is
   * gone (at once on an idle pod), at most the drain period; then {@code quarkus.shutdown.delay}
   * keeps the listener open a moment longer, with readiness DOWN, before the pod stops.
   */
  void onDelay(@Observes ShutdownDelayInitiatedEvent event) {
    start();
    boolean drained = DrainWait.until(() -> clock.streams().isEmpty(), period);
    LOG.info(drained ? "Drained: no stream left" : "Drain period over: closing what is left");
  }

  void onShutdown(@Observes ShutdownEvent event) {
    draining = true;
    List<StreamClock.Tickable> rest = clock.streams();
    if (!rest.isEmpty()) {
      LOG.infof("Closing the last %d streams", rest.size());
      rest.forEach(s -> s.handOver(retryMillis()));
    }
  }

  /** Starts closing streams in waves (public for tests and for a pre-stop hook). */
  public synchronized void start() {
    if (draining) {
      return;
    }
    draining = true;
    List<StreamClock.Tickable> open = new ArrayList<>(clock.streams());
    Collections.shuffle(open);
    LOG.infof("Draining %d streams in %d waves over %s", open.size(), waves, period);
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "streamgate-drain");
              t.setDaemon(true);
              return t;
            });
    // waves + 1 slots: nothing closes at the instant readiness flips, the last wave ends before
    // shutdown proper
    long waveMillis = period.toMillis() / (waves + 1);
    int perWave = (open.size() + waves - 1) / waves;
    for (int wave = 0; wave < waves; wave++) {
      int from = Math.min(open.size(), wave * perWave);
      int to = Math.min(open.size(), from + perWave);
      List<StreamClock.Tickable> batch = open.subList(from, to);
      timer.schedule(
          () -> batch.forEach(s -> s.handOver(retryMillis())),
          (wave + 1) * waveMillis,
          TimeUnit.MILLISECONDS);
    }
    timer.shutdown();
  }
}
