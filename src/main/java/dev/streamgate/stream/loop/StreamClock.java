package dev.streamgate.stream.loop;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One timer for all streams: every 250 ms it lets each open stream check its heartbeat and
 * lifetime, instead of one timer per connection.
 */
@ApplicationScoped
public class StreamClock {

  /** An open stream, as the clock and the drain see it. Both methods only signal the stream. */
  public interface Tickable {
    void tick(long nowNanos);

    /**
     * Hands the client over to another pod: ends the stream soon, after its final id and a {@code
     * retry:} of {@code retryMillis}.
     */
    void handOver(long retryMillis);
  }

  private final Set<Tickable> streams = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "streamgate-clock");
            t.setDaemon(true);
            return t;
          });

  @PostConstruct
  void start() {
    timer.scheduleAtFixedRate(this::tick, 250, 250, TimeUnit.MILLISECONDS);
  }

  public void register(Tickable stream) {
    streams.add(stream);
  }

  public void unregister(Tickable stream) {
    streams.remove(stream);
  }

  /** The streams open now. */
  public List<Tickable> streams() {
    return List.copyOf(streams);
  }

  private void tick() {
    long now = System.nanoTime();
    for (Tickable stream : streams) {
      stream.tick(now);
    }
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
  }
}
