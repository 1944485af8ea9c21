package dev.streamgate.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgate.decode.ConfluentFrames;
import dev.streamgate.registry.StandInSchemas;
import dev.streamgate.testing.ConfluentApiRegistryServer;
import dev.streamgate.testing.EventSourceClient;
import dev.streamgate.testing.cluster.LocalCluster;
import dev.streamgate.testing.cluster.StreamgateNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Exact resume across pods on a decoded topic: two packaged Streamgate instances decode Avro
 * records through one stand-in schema registry (the Confluent REST API's shapes served from the
 * test JVM; no real registry runs here) against the failure suite's three brokers. A client drops
 * mid-stream on one instance and resumes on the other from its last id: every record once, in
 * partition order, with the same decoded values the first instance serves, and the one undecodable
 * record's {@code decode-error} once, at its position.
 */
class StandInRegistryResumeAcrossPodsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RECORDS = 400;
  private static final int UNDECODABLE = 150;
  private static final Duration BOUND = Duration.ofSeconds(90);

  @Test
  void aClientDroppedOnOneInstanceResumesOnTheOtherWithTheSameDecodedValues() throws Exception {
    LocalCluster cluster = Suite.cluster();
    try (ConfluentApiRegistryServer registry = ConfluentApiRegistryServer.start()) {
      Map<String, String> decoding =
          Map.of("streamgate.schema-registry.url", registry.url().toString());
      StreamgateNode first = cluster.addInstance(decoding);
      StreamgateNode second = cluster.addInstance(decoding);
      String topic = Suite.createTopic(cluster, "standin-resume", 3);
      int[] ids = StandInSchemas.registerQuotes(registry, topic);
      String path = "/streams/" + topic + "?format=envelope&from=earliest";
      try (KafkaProducer<byte[], byte[]> producer = producer(cluster)) {
        produce(producer, topic, ids, 0, RECORDS / 2);
        List<EventSourceClient.Received> before;
        String lastId;
        try (EventSourceClient client = EventSourceClient.open(first.url() + path)) {
          await("half the records on the first instance")
              .atMost(BOUND)
              .until(() -> events(client).size() >= RECORDS / 4);
          client.close();
          before = events(client);
          lastId = before.get(before.size() - 1).id();
        }
        produce(producer, topic, ids, RECORDS / 2, RECORDS);
        List<EventSourceClient.Received> after;
        try (EventSourceClient resumed =
            EventSourceClient.open(second.url() + path, Map.of("Last-Event-ID", lastId))) {
          await("the rest on the second instance")
              .atMost(BOUND)
              .until(() -> before.size() + events(resumed).size() >= RECORDS);
          after = events(resumed);
        }
        List<EventSourceClient.Received> all = new ArrayList<>(before);
        all.addAll(after);
        assertThat(all).hasSize(RECORDS);
        Map<String, JsonNode> byPosition = byPosition(all);
        assertThat(byPosition).as("no record twice").hasSize(RECORDS);
        assertPartitionOrder(all);

        // the same decoded values as the first instance serves the whole log
        try (EventSourceClient reference = EventSourceClient.open(first.url() + path)) {
          await("the whole log on the first instance")
              .atMost(BOUND)
              .until(() -> events(reference).size() >= RECORDS);
          assertThat(byPosition(events(reference))).isEqualTo(byPosition);
        }
        long errors = all.stream().filter(r -> r.event().equals("decode-error")).count();
        assertThat(errors).isEqualTo(1);
        Set<Long> seqs = new HashSet<>();
        for (JsonNode node : byPosition.values()) {
          if (!node.has("reason")) {
            long seq = node.get("value").get("seq").asLong();
            seqs.add(seq);
            assertThat(node.get("value"))
                .isEqualTo(JSON.readTree(StandInSchemas.quoteJson("ACME", seq, seq)));
            assertThat(node.get("schema").get("id").asInt()).isEqualTo(ids[1]);
          }
        }
        assertThat(seqs).hasSize(RECORDS - 1).doesNotContain((long) UNDECODABLE);
      }
    }
  }

  private static List<EventSourceClient.Received> events(EventSourceClient client) {
    return client.received().stream()
        .filter(r -> r.event().equals("message") || r.event().equals("decode-error"))
        .toList();
  }

  /** Each record's envelope (or decode-error body) by "partition/offset". */
  private static Map<String, JsonNode> byPosition(List<EventSourceClient.Received> events)
      throws Exception {
    Map<String, JsonNode> out = new HashMap<>();
    for (EventSourceClient.Received r : events) {
      JsonNode node = JSON.readTree(r.data());
      out.put(node.get("partition").asInt() + "/" + node.get("offset").asLong(), node);
    }
    return out;
  }

  private static void assertPartitionOrder(List<EventSourceClient.Received> events)
      throws Exception {
    Map<Integer, Long> last = new HashMap<>();
    for (EventSourceClient.Received r : events) {
      JsonNode node = JSON.readTree(r.data());
      int partition = node.get("partition").asInt();
      long offset = node.get("offset").asLong();
      assertThat(offset).isGreaterThan(last.getOrDefault(partition, -1L));
      last.put(partition, offset);
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(LocalCluster cluster) {
    Properties props = new Properties();
    props.put("bootstrap.servers", cluster.bootstrapServers());
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    return new KafkaProducer<>(props);
  }

  private static void produce(
      KafkaProducer<byte[], byte[]> producer, String topic, int[] ids, int from, int to) {
    for (int seq = from; seq < to; seq++) {
      byte[] value =
          seq == UNDECODABLE
              ? ConfluentFrames.framed(777_777, new byte[] {1})
              : StandInSchemas.framedQuote(ids[1], "ACME", seq, seq);
      producer.send(
          new ProducerRecord<>(topic, seq % 3, StandInSchemas.framedString(ids[0], "ACME"), value));
    }
    producer.flush();
  }
}
