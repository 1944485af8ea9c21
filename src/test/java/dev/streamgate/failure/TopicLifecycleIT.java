package dev.streamgate.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgate.testing.Delivered;
import dev.streamgate.testing.SseParser;
import dev.streamgate.testing.SseStream;
import dev.streamgate.testing.cluster.LocalCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/** Scenarios 5, 6 and 7: the topic changes under the streams (retention, re-creation, growth). */
class TopicLifecycleIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void retentionDeletesUnreadRecordsAndTheResumeSaysGapWithExactCounts() throws Exception {
    LocalCluster cluster = Suite.cluster();
    String topic = Suite.createTopic(cluster, "retention", 3);
    String url = Suite.streamUrl(cluster, topic);
    List<String> ids = new ArrayList<>();
    try (LoadProducer producer = new LoadProducer(cluster.bootstrapServers(), topic, 3)) {
      producer.sendBatch(30); // offsets 0..9 in each partition: read before the disconnect
      producer.stop();
    }
    for (int i = 0; i < 5; i++) {
      try (SseStream first = SseStream.open(url)) {
        await().atMost(Duration.ofSeconds(30)).until(() -> records(first).size() >= 30);
        ids.add(first.lastEventId());
      }
    }
    try (LoadProducer producer = new LoadProducer(cluster.bootstrapServers(), topic, 3)) {
      producer.sendBatch(60); // offsets 10..29: missed while disconnected
      producer.stop();
    }
    // Real retention: a 1 ms retention makes the broker's retention check delete every segment
    // (rolling the active one), moving each log start offset to its end (30).
    setRetention(cluster, topic, "1");
    long retentionAt = System.nanoTime();
    await("retention deleted the missed records")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> earliest(cluster, topic).values().stream().allMatch(o -> o == 30L));
    long retentionMillis = Suite.millisSince(retentionAt);
    setRetention(cluster, topic, null);
    List<SseStream> resumed = new ArrayList<>();
    try {
      for (String id : ids) {
        resumed.add(SseStream.open(url, Map.of("Last-Event-ID", id)));
      }
      resumed.forEach(
          s ->
              await().atMost(Duration.ofSeconds(30)).until(() -> !s.events("caught-up").isEmpty()));
      try (LoadProducer producer = new LoadProducer(cluster.bootstrapServers(), topic, 3)) {
        producer.sendBatch(15); // offsets 30..34: after the resume
        producer.stop();
      }
      Map<Integer, List<Long>> log = TopicLog.read(cluster.bootstrapServers(), topic);
      assertThat(TopicLog.size(log)).isEqualTo(15);
      for (SseStream s : resumed) {
        await().atMost(Duration.ofSeconds(30)).until(() -> records(s).size() >= 15);
        List<SseParser.SseEvent> gaps = s.events("gap");
        assertThat(gaps).as("one gap event").hasSize(1);
        JsonNode gap = JSON.readTree(gaps.get(0).data());
        assertThat(gap.get("reason").asText()).isEqualTo("retention");
        assertThat(gap.get("lost").asLong()).isEqualTo(60);
        Map<Integer, String> perPartition = new HashMap<>();
        gap.get("partitions")
            .forEach(
                p ->
                    perPartition.put(
                        p.get("partition").asInt(),
                        p.get("requested").asLong()
                            + ".."
                            + p.get("resumedAt").asLong()
                            + " lost "
                            + p.get("lost").asLong()));
        assertThat(perPartition)
            .isEqualTo(Map.of(0, "10..30 lost 20", 1, "10..30 lost 20", 2, "10..30 lost 20"));
        ExactlyOnce.Verdict v = ExactlyOnce.verdict(records(s), log);
        assertThat(v.lost() + v.duplicated() + v.outOfOrder()).as(v.toString()).isZero();
        assertThat(v.received()).isEqualTo(15);
      }
      Suite.record(
          "5 retention gap",
          String.format(
              "%d clients disconnected after 30 records; 60 unread records deleted by retention (%d ms after retention.ms=1); each resume got one gap event: lost 60 = 20 per partition, requested 10, resumedAt 30; then the 15 new records, lost 0, duplicated 0",
              resumed.size(), retentionMillis));
    } finally {
      resumed.forEach(SseStream::close);
    }
  }

  @Test
  void topicDeletedAndRecreatedWhileStreamingSaysResetAndServesNoStaleData() {
    LocalCluster cluster = Suite.cluster();
    String topic = Suite.createTopic(cluster, "recreate", 3);
    List<ResumingClient> clients = new ArrayList<>();
    try {
      clients.addAll(Suite.connect(Suite.streamUrl(cluster, topic), 10, "recreate"));
      try (LoadProducer producer = new LoadProducer(cluster.bootstrapServers(), topic, 3)) {
        producer.sendBatch(30);
        producer.stop();
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> clients.stream().allMatch(c -> c.deliveredCount() >= 30));
      Suite.get(cluster.admin().deleteTopics(List.of(topic)).all());
      long deletedAt = System.nanoTime();
      await("topic re-created")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .until(
              () -> {
                Suite.get(
                    cluster
                        .admin()
                        .createTopics(
                            List.of(
                                new NewTopic(topic, 3, (short) 3)
                                    .configs(Map.of("min.insync.replicas", "2"))))
                        .all());
                return true;
              });
      try (LoadProducer producer = new LoadProducer(cluster.bootstrapServers(), topic, 3)) {
        producer.sendBatch(15); // the new incarnation: offsets 0..4
        producer.stop();
      }
      Map<Integer, List<Long>> log = TopicLog.read(cluster.bootstrapServers(), topic);
      try {
        await("every open stream says reset and then serves the new topic")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () ->
                    clients.stream()
                        .allMatch(
                            c -> {
                              List<Delivered> after = c.deliveredAfterFirst("reset");
                              return after != null && ExactlyOnce.complete(after, log, Map.of());
                            }));
      } catch (ConditionTimeoutException e) {
        throw new AssertionError(
            "No reset / not exactly the new topic's records within 60 s of the re-creation: "
                + clients.stream()
                    .limit(3)
                    .map(
                        c ->
                            c.name()
                                + " resets="
                                + c.controls("reset").size()
                                + " opened="
                                + c.opened()
                                + " records after the deletion="
                                + c.delivered().subList(30, c.deliveredCount()))
                    .toList(),
            e);
      }
      for (ResumingClient c : clients) {
        assertThat(c.controls("reset").get(0).data()).contains("topic-recreated");
        ExactlyOnce.Verdict v = ExactlyOnce.verdict(c.deliveredAfterFirst("reset"), log);
        assertThat(v.exact()).as(c.name() + " " + v).isTrue();
        assertThat(v.received()).as("no stale record after the reset").isEqualTo(15);
      }
      Suite.record(
          "6 topic deleted and re-created",
          String.format(
              "%d clients; every stream said reset (topic-recreated) and served exactly the 15 new records (no stale record) within %d ms of the deletion; %d reconnects, %d refused reconnects (404 while the topic was absent)",
              clients.size(),
              Suite.millisSince(deletedAt),
              clients.stream().mapToInt(c -> c.opened() - 1).sum(),
              clients.stream().mapToInt(ResumingClient::refusals).sum()));
    } finally {
      Suite.closeAll(clients);
    }
  }

  @Test
  void partitionsAddedToALiveTopicReachOpenStreams() {
    LocalCluster cluster = Suite.cluster();
    String topic = Suite.createTopic(cluster, "grow", 2);
    List<ResumingClient> clients = new ArrayList<>();
    try (LoadProducer producer = new LoadProducer(cluster.bootstrapServers(), topic, 2)) {
      clients.addAll(Suite.connect(Suite.streamUrl(cluster, topic), 20, "grow"));
      producer.start(2, Duration.ofMillis(100));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> clients.stream().allMatch(c -> c.deliveredCount() >= 10));
      Suite.get(cluster.admin().createPartitions(Map.of(topic, NewPartitions.increaseTo(4))).all());
      long grownAt = System.nanoTime();
      producer.partitions(4);
      await("records of the new partitions on every open stream")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () ->
                  clients.stream()
                      .allMatch(
                          c ->
                              c.delivered().stream()
                                  .map(Delivered::partition)
                                  .collect(Collectors.toSet())
                                  .containsAll(List.of(2, 3))));
      long arrivedMillis = Suite.millisSince(grownAt);
      int mark = producer.ackedCount() + 20;
      await().atMost(Duration.ofSeconds(30)).until(() -> producer.ackedCount() >= mark);
      producer.stop();
      Map<Integer, List<Long>> log = TopicLog.read(cluster.bootstrapServers(), topic);
      assertThat(log).containsKeys(0, 1, 2, 3);
      Suite.awaitComplete(clients, log, Map.of());
      ExactlyOnce.Verdict total = Suite.assertExact(clients, log, Map.of());
      assertThat(clients).allMatch(c -> c.opened() == 1, "the streams stayed open");
      Suite.record(
          "7 partitions added",
          String.format(
              "%d clients, 2 -> 4 partitions on open streams; new partitions' records on every stream %d ms after the change (streamgate.tail.metadata-refresh 5 s, the default); %d records, %d events delivered, lost %d, duplicated %d, out of order %d",
              clients.size(),
              arrivedMillis,
              TopicLog.size(log),
              total.received(),
              total.lost(),
              total.duplicated(),
              total.outOfOrder()));
    } finally {
      Suite.closeAll(clients);
    }
  }

  private static List<Delivered> records(SseStream stream) {
    return stream.events().stream()
        .filter(e -> !ControlEvents.isControl(e))
        .map(e -> Delivered.fromEnvelope(e.data()))
        .toList();
  }

  private static Map<Integer, Long> earliest(LocalCluster cluster, String topic) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < 3; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.earliest());
    }
    Map<Integer, Long> result = new HashMap<>();
    Suite.get(cluster.admin().listOffsets(request).all())
        .forEach((tp, info) -> result.put(tp.partition(), info.offset()));
    return result;
  }

  private static void setRetention(LocalCluster cluster, String topic, String millis) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    AlterConfigOp op =
        millis == null
            ? new AlterConfigOp(new ConfigEntry("retention.ms", ""), AlterConfigOp.OpType.DELETE)
            : new AlterConfigOp(new ConfigEntry("retention.ms", millis), AlterConfigOp.OpType.SET);
    Suite.get(cluster.admin().incrementalAlterConfigs(Map.of(resource, List.of(op))).all());
  }
}
