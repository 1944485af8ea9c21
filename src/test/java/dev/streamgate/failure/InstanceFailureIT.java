package dev.streamgate.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.testing.cluster.LocalCluster;
import dev.streamgate.testing.cluster.StreamgateNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Scenarios 1 and 2: Streamgate instances die or are restarted under load behind nginx. */
class InstanceFailureIT {

  @Test
  void killMinus9OfOneInstanceUnderLoadLosesNothingAndRepeatsNothing() {
    LocalCluster cluster = Suite.cluster();
    String topic = Suite.createTopic(cluster, "kill9", 6);
    List<ResumingClient> clients = new ArrayList<>();
    StreamgateNode victim = null;
    try (LoadProducer producer = new LoadProducer(cluster.bootstrapServers(), topic, 6)) {
      clients.addAll(Suite.connect(Suite.streamUrl(cluster, topic), 210, "kill9"));
      producer.start(6, Duration.ofMillis(100));
      await("records flowing to every client")
          .atMost(Duration.ofSeconds(60))
          .until(() -> clients.stream().allMatch(c -> c.deliveredCount() >= 30));
      victim =
          cluster.instances().stream()
              .max(Comparator.comparingInt(StreamgateNode::connections))
              .orElseThrow();
      int victimStreams = victim.connections();
      long killedAt = System.nanoTime();
      victim.kill();
      await("every client of the killed instance streaming again")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  clients.stream().filter(c -> c.lastEndedNanos() >= killedAt).count()
                          >= victimStreams * 9L / 10
                      && clients.stream()
                          .allMatch(c -> c.isOpen() && c.lastOpenedNanos() > c.lastEndedNanos()));
      List<ResumingClient> moved =
          clients.stream().filter(c -> c.lastEndedNanos() >= killedAt).toList();
      long recoverMillis =
          moved.stream()
              .mapToLong(c -> TimeUnit.NANOSECONDS.toMillis(c.lastOpenedNanos() - killedAt))
              .max()
              .orElse(0);
      int mark = producer.ackedCount() + 60;
      await("producing after the kill")
          .atMost(Duration.ofSeconds(60))
          .until(() -> producer.ackedCount() >= mark);
      producer.stop();
      assertThat(producer.failed()).isZero();
      Map<Integer, List<Long>> log = TopicLog.read(cluster.bootstrapServers(), topic);
      Suite.awaitComplete(clients, log, Map.of());
      ExactlyOnce.Verdict total = Suite.assertExact(clients, log, Map.of());
      assertThat(moved).hasSizeGreaterThanOrEqualTo(Math.max(1, victimStreams * 9 / 10));
      Suite.assertNoRefusals(clients);
      Suite.record(
          "1 kill -9 instance",
          String.format(
              "%d clients (%d on the killed instance), %d records, %d events delivered, lost %d, duplicated %d, out of order %d, all moved clients streaming again after %d ms",
              clients.size(),
              moved.size(),
              TopicLog.size(log),
              total.received(),
              total.lost(),
              total.duplicated(),
              total.outOfOrder(),
              recoverMillis));
    } finally {
      Suite.closeAll(clients);
    }
  }

  @Test
  void rollingRestartWithSigtermDrainsThenLosesNothing() {
    LocalCluster cluster = Suite.cluster();
    String topic = Suite.createTopic(cluster, "rolling", 6);
    List<ResumingClient> clients = new ArrayList<>();
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    List<String> drains = new ArrayList<>();
    try (LoadProducer producer = new LoadProducer(cluster.bootstrapServers(), topic, 6)) {
      clients.addAll(Suite.connect(Suite.streamUrl(cluster, topic), 60, "rolling"));
      producer.start(3, Duration.ofMillis(100));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> clients.stream().allMatch(c -> c.deliveredCount() >= 10));
      for (StreamgateNode instance : cluster.instances()) {
        AtomicLong readinessDownAt = new AtomicLong();
        int streamsBefore = instance.connections();
        long termAt = System.nanoTime();
        var probe =
            poller.scheduleAtFixedRate(
                () -> {
                  // the probe's start: readiness was DOWN at the latest when it answered
                  long askedAt = System.nanoTime();
                  if (readinessDownAt.get() == 0 && instance.readiness() != 200) {
                    readinessDownAt.compareAndSet(0, askedAt);
                  }
                },
                0,
                50,
                TimeUnit.MILLISECONDS);
        instance.terminate();
        await("readiness DOWN after SIGTERM")
            .atMost(Duration.ofSeconds(5))
            .until(() -> readinessDownAt.get() != 0);
        assertThat(instance.process().waitFor(Duration.ofSeconds(30)))
            .as("%s exits after its drain", instance)
            .isTrue();
        long exitedAt = System.nanoTime();
        probe.cancel(false);
        List<Long> ends = new ArrayList<>();
        for (ResumingClient c : clients) {
          c.sessions().stream()
              .mapToLong(ResumingClient.Session::endedNanos)
              .filter(t -> t >= termAt && t <= exitedAt)
              .forEach(ends::add);
        }
        assertThat(ends).as("streams closed by the draining %s", instance).isNotEmpty();
        long first = ends.stream().min(Long::compare).orElseThrow();
        long last = ends.stream().max(Long::compare).orElseThrow();
        long downMillis = TimeUnit.NANOSECONDS.toMillis(readinessDownAt.get() - termAt);
        assertThat(downMillis).as("readiness DOWN right after SIGTERM").isLessThanOrEqualTo(2_000);
        // The drain's first wave comes one wave after readiness went DOWN: no stream is closed
        // before a load balancer could see the pod leave.
        long beforeDown = ends.stream().filter(t -> t < readinessDownAt.get()).count();
        assertThat(beforeDown).as("streams closed before readiness was DOWN").isZero();
        TreeSet<Long> waves = new TreeSet<>();
        ends.forEach(t -> waves.add(TimeUnit.NANOSECONDS.toMillis(t - termAt) / 500));
        long spreadMillis = TimeUnit.NANOSECONDS.toMillis(last - first);
        assertThat(spreadMillis)
            .as("reconnects spread over the drain period")
            .isGreaterThanOrEqualTo(LocalCluster.DRAIN_PERIOD.toMillis() / 2);
        assertThat(waves.size()).as("several waves").isGreaterThanOrEqualTo(4);
        drains.add(
            String.format(
                "%s: readiness DOWN %d ms after SIGTERM, %d streams open, %d closes spread over %d ms in %d half-second slots, exit after %d ms",
                instance,
                TimeUnit.NANOSECONDS.toMillis(readinessDownAt.get() - termAt),
                streamsBefore,
                ends.size(),
                spreadMillis,
                waves.size(),
                TimeUnit.NANOSECONDS.toMillis(exitedAt - termAt)));
        instance.start();
        cluster.awaitReady(List.of(instance));
      }
      int mark = producer.ackedCount() + 30;
      await().atMost(Duration.ofSeconds(60)).until(() -> producer.ackedCount() >= mark);
      producer.stop();
      assertThat(producer.failed()).isZero();
      Map<Integer, List<Long>> log = TopicLog.read(cluster.bootstrapServers(), topic);
      Suite.awaitComplete(clients, log, Map.of());
      ExactlyOnce.Verdict total = Suite.assertExact(clients, log, Map.of());
      Suite.assertNoRefusals(clients);
      int reconnects = clients.stream().mapToInt(c -> c.opened() - 1).sum();
      Suite.record(
          "2 rolling SIGTERM restart",
          String.format(
              "%d clients, %d records, %d events delivered, %d reconnects, lost %d, duplicated %d, out of order %d; %s",
              clients.size(),
              TopicLog.size(log),
              total.received(),
              reconnects,
              total.lost(),
              total.duplicated(),
              total.outOfOrder(),
              String.join("; ", drains)));
    } finally {
      poller.shutdownNow();
      Suite.closeAll(clients);
    }
  }
}
