package dev.streamgate.stream;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
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

  /** Something that wants to be told the time. */
  interface Tickable {
    void tick(long nowNanos);
  }

  private final Set<Tickable> streams = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "streamgate-clock");
            t.setDaemon(true);
            return t;
          });

  public StreamClock() {
    timer.scheduleAtFixedRate(this::tick, 250, 250, TimeUnit.MILLISECONDS);
  }

  void register(Tickable stream) {
    streams.add(stream);
  }

  void unregister(Tickable stream) {
    streams.remove(stream);
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
