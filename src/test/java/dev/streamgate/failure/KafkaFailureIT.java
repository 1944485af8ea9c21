package dev.streamgate.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.testing.Delivered;
import dev.streamgate.testing.cluster.KafkaNode;
import dev.streamgate.testing.cluster.LocalCluster;
import dev.streamgate.testing.cluster.StreamgateNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

/** Scenarios 3 and 4: Kafka brokers die while clients stream. */
class KafkaFailureIT {

  @Test
  void killMinus9OfOneBrokerWhileProducingAndStreaming() {
    LocalCluster cluster = Suite.cluster();
    String topic = Suite.createTopic(cluster, "broker-kill", 6);
    List<ResumingClient> clients = new ArrayList<>();
    try (LoadProducer producer = new LoadProducer(cluster.bootstrapServers(), topic, 6)) {
      clients.addAll(Suite.connect(Suite.streamUrl(cluster, topic), 30, "broker-kill"));
      producer.start(3, Duration.ofMillis(100));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> clients.stream().allMatch(c -> c.deliveredCount() >= 20));
      TopicDescription description =
          Suite.get(cluster.admin().describeTopics(List.of(topic)).allTopicNames()).get(topic);
      int leader = description.partitions().get(0).leader().id();
      KafkaNode victim = cluster.brokers().get(leader - 1);
      long killedAt = System.nanoTime();
      victim.kill();
      int mark = producer.ackedCount() + 60;
      await("acks=all writes go on with two brokers")
          .atMost(Duration.ofSeconds(60))
          .until(() -> producer.ackedCount() >= mark);
      await("streams go on with two brokers")
          .atMost(Duration.ofSeconds(60))
          .until(() -> clients.stream().allMatch(c -> c.deliveredCount() >= mark));
      long streamingAgainMillis = Suite.millisSince(killedAt);
      long restartAt = System.nanoTime();
      victim.start();
      cluster.awaitBrokers(List.of(victim));
      long rejoinedMillis = Suite.millisSince(restartAt);
      int mark2 = producer.ackedCount() + 60;
      await().atMost(Duration.ofSeconds(60)).until(() -> producer.ackedCount() >= mark2);
      producer.stop();
      assertThat(producer.failed()).as("sends that failed").isZero();
      Map<Integer, List<Long>> log = TopicLog.read(cluster.bootstrapServers(), topic);
      Set<Delivered> inLog = new HashSet<>();
      log.forEach((p, offsets) -> offsets.forEach(o -> inLog.add(new Delivered(topic, p, o))));
      assertThat(inLog).as("every acknowledged record is in the log").containsAll(producer.acked());
      Suite.awaitComplete(clients, log, Map.of());
      ExactlyOnce.Verdict total = Suite.assertExact(clients, log, Map.of());
      Suite.record(
          "3 kill -9 broker",
          String.format(
              "%d clients, broker %d (leader of partition 0) killed, %d records, %d events delivered, lost %d, duplicated %d, out of order %d; every client had the next 60 records %d ms after the kill; broker rejoined %d ms after restart; client reconnects %d",
              clients.size(),
              leader,
              TopicLog.size(log),
              total.received(),
              total.lost(),
              total.duplicated(),
              total.outOfOrder(),
              streamingAgainMillis,
              rejoinedMillis,
              clients.stream().mapToInt(c -> c.opened() - 1).sum()));
    } finally {
      Suite.closeAll(clients);
    }
  }

  @Test
  void allBrokersDownFor30SecondsThenStreamsResumeByThemselves() throws InterruptedException {
    LocalCluster cluster = Suite.cluster();
    String topic = Suite.createTopic(cluster, "kafka-down", 3);
    List<ResumingClient> clients = new ArrayList<>();
    try {
      clients.addAll(Suite.connect(Suite.streamUrl(cluster, topic), 30, "kafka-down"));
      try (LoadProducer before = new LoadProducer(cluster.bootstrapServers(), topic, 3)) {
        before.sendBatch(30);
        before.stop();
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> clients.stream().allMatch(c -> c.deliveredCount() >= 30));
      List<Integer> heartbeatsBefore = clients.stream().map(ResumingClient::heartbeats).toList();
      long downAt = System.nanoTime();
      cluster.brokers().forEach(KafkaNode::kill);
      await("readiness DOWN on every instance")
          .atMost(Duration.ofSeconds(25))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> cluster.instances().stream().allMatch(i -> i.readiness() == 503));
      long readinessDownMillis = Suite.millisSince(downAt);
      List<Integer> readinessStatuses =
          cluster.instances().stream().map(StreamgateNode::readiness).toList();
      // Kafka must stay down for 30 s in total. The latch below is never counted down: awaiting it
      // is the outage's required length, not a wait for something to happen. Meanwhile a sampler
      // checks that every instance stays live and answers not ready (503, within the 3 s probe
      // timeout: the readiness check is bounded) and every stream stays open.
      List<String> violations = new CopyOnWriteArrayList<>();
      ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
      sampler.scheduleWithFixedDelay(
          () -> {
            for (StreamgateNode i : cluster.instances()) {
              int live = i.liveness();
              int ready = i.readiness();
              if (live != 200 || ready != 503) {
                violations.add(
                    Suite.millisSince(downAt) + " ms: " + i + " live " + live + " ready " + ready);
              }
            }
            long closed = clients.stream().filter(c -> !c.isOpen()).count();
            if (closed > 0) {
              violations.add(Suite.millisSince(downAt) + " ms: " + closed + " streams closed");
            }
          },
          0,
          500,
          TimeUnit.MILLISECONDS);
      try {
        new CountDownLatch(1)
            .await(Math.max(0, 30_000 - Suite.millisSince(downAt)), TimeUnit.MILLISECONDS);
      } finally {
        sampler.shutdownNow();
      }
      assertThat(violations).as("while Kafka was down").isEmpty();
      long outageMillis = Suite.millisSince(downAt);
      int minHeartbeats = Integer.MAX_VALUE;
      for (int i = 0; i < clients.size(); i++) {
        minHeartbeats =
            Math.min(minHeartbeats, clients.get(i).heartbeats() - heartbeatsBefore.get(i));
      }
      assertThat(minHeartbeats)
          .as("heartbeats each client got while Kafka was down")
          .isGreaterThanOrEqualTo(5);
      long restartAt = System.nanoTime();
      cluster.brokers().forEach(KafkaNode::start);
      cluster.awaitBrokers(cluster.brokers());
      long brokersBackMillis = Suite.millisSince(restartAt);
      cluster.awaitReady(cluster.instances());
      long readyMillis = Suite.millisSince(restartAt);
      try (LoadProducer after = new LoadProducer(cluster.bootstrapServers(), topic, 3)) {
        after.sendBatch(30);
        after.stop();
        assertThat(after.failed()).isZero();
      }
      Map<Integer, List<Long>> log = TopicLog.read(cluster.bootstrapServers(), topic);
      Suite.awaitComplete(clients, log, Map.of());
      long resumedMillis = Suite.millisSince(restartAt);
      ExactlyOnce.Verdict total = Suite.assertExact(clients, log, Map.of());
      Suite.assertNoRefusals(clients);
      Suite.record(
          "4 all brokers down 30 s",
          String.format(
              "%d clients, Kafka down %d ms; readiness DOWN (HTTP %s, answered within 3 s) after %d ms, liveness UP throughout, at least %d heartbeats per client during the outage, %d client reconnects; brokers back %d ms after restart, instances ready after %d ms, new records on every stream %d ms after restart; %d records, %d events delivered, lost %d, duplicated %d, out of order %d",
              clients.size(),
              outageMillis,
              readinessStatuses,
              readinessDownMillis,
              minHeartbeats,
              clients.stream().mapToInt(c -> c.opened() - 1).sum(),
              brokersBackMillis,
              readyMillis,
              resumedMillis,
              TopicLog.size(log),
              total.received(),
              total.lost(),
              total.duplicated(),
              total.outOfOrder()));
    } finally {
      Suite.closeAll(clients);
      cluster.brokers().stream().filter(b -> !b.alive()).forEach(KafkaNode::start);
    }
  }
}
