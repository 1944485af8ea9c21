package dev.streamgate.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.testing.SseStream;
import dev.streamgate.testing.cluster.LocalCluster;
import dev.streamgate.testing.cluster.StreamgateNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How long a packaged instance takes to stop on SIGTERM: one with no streams stops at once (after a
 * short linger with readiness DOWN), one with streams hands them over in waves and stops as soon as
 * the last one is gone — neither waits out the whole drain period ({@link
 * LocalCluster#DRAIN_PERIOD}, 6 s here; 30 s in production). Clients connect to the instance
 * directly, so that its streams are known.
 */
class ShutdownIT {

  /** What one SIGTERM looked like from outside, in milliseconds after it. */
  record Stop(long readinessDownMillis, long exitMillis, List<Long> streamEndMillis) {

    long lastStreamEndMillis() {
      return streamEndMillis.stream().mapToLong(Long::longValue).max().orElse(0);
    }
  }

  @Test
  void anIdleInstanceStopsAtOnceAndABusyOneWhenItsLastStreamIsHandedOver() {
    LocalCluster cluster = Suite.cluster();
    StreamgateNode idle = cluster.instances().get(0);
    StreamgateNode busy = cluster.instances().get(1);
    String topic = Suite.createTopic(cluster, "shutdown", 3);
    List<SseStream> streams = new ArrayList<>();
    try {
      await("no streams left on " + idle)
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          // -1: the gauge is created with the first stream, none yet
          .until(() -> idle.openStreams() <= 0);
      Stop idleStop = stop(idle, List.of());

      for (int i = 0; i < 3; i++) {
        streams.add(SseStream.open(busy.url() + "/streams/" + topic));
      }
      await("streams open on " + busy)
          .atMost(Duration.ofSeconds(60))
          .until(() -> streams.stream().allMatch(s -> !s.events("stream-info").isEmpty()));
      Stop busyStop = stop(busy, streams);

      assertThat(idleStop.readinessDownMillis())
          .as("readiness DOWN, observed before the listener closed")
          .isBetween(0L, idleStop.exitMillis());
      assertThat(idleStop.exitMillis())
          .as("an idle instance does not wait out the drain period")
          .isLessThan(LocalCluster.DRAIN_PERIOD.toMillis() / 2);

      assertThat(streams)
          .as("every stream handed over: its last id and a reconnect delay, then the end")
          .allMatch(s -> s.raw().endsWith("\n\n") && s.raw().contains("\n\nretry: "));
      assertThat(busyStop.readinessDownMillis())
          .as("readiness DOWN before the first stream was handed over")
          .isBetween(0L, busyStop.streamEndMillis().stream().min(Long::compare).orElseThrow());
      assertThat(busyStop.exitMillis())
          .as("stops once the last stream is gone, not at the end of the drain period")
          .isLessThan(LocalCluster.DRAIN_PERIOD.toMillis());
      assertThat(busyStop.exitMillis()).isGreaterThan(busyStop.lastStreamEndMillis());

      Suite.record(
          "SIGTERM stop times",
          String.format(
              "drain period %d ms; idle instance: readiness DOWN after %d ms, exit after %d ms;"
                  + " instance with %d streams: readiness DOWN after %d ms, streams handed over"
                  + " at %s ms, exit after %d ms",
              LocalCluster.DRAIN_PERIOD.toMillis(),
              idleStop.readinessDownMillis(),
              idleStop.exitMillis(),
              streams.size(),
              busyStop.readinessDownMillis(),
              busyStop.streamEndMillis(),
              busyStop.exitMillis()));
    } finally {
      streams.forEach(SseStream::close);
      for (StreamgateNode instance : List.of(idle, busy)) {
        instance.start();
      }
      cluster.awaitReady(List.of(idle, busy));
    }
  }

  /**
   * Sends SIGTERM and watches every 20 ms, until the process is gone: readiness (503 while the
   * listener is open, then no answer), and the streams ending.
   */
  private static Stop stop(StreamgateNode instance, List<SseStream> streams) {
    Map<SseStream, Long> ended = new ConcurrentHashMap<>();
    long[] readinessDownAt = {-1};
    long start = System.nanoTime();
    instance.terminate();
    await(instance + " exits")
        .atMost(LocalCluster.DRAIN_PERIOD.plusSeconds(30))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              long now = System.nanoTime();
              if (readinessDownAt[0] < 0 && instance.readiness() == 503) {
                readinessDownAt[0] = now;
              }
              streams.stream().filter(SseStream::ended).forEach(s -> ended.putIfAbsent(s, now));
              return !instance.alive();
            });
    long exited = System.nanoTime();
    streams.stream().filter(SseStream::ended).forEach(s -> ended.putIfAbsent(s, exited));
    return new Stop(
        readinessDownAt[0] < 0 ? -1 : millis(readinessDownAt[0] - start),
        millis(exited - start),
        ended.values().stream().map(t -> millis(t - start)).sorted().toList());
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
