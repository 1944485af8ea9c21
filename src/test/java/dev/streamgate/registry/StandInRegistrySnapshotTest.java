package dev.streamgate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgate.decode.ConfluentFrames;
import dev.streamgate.testing.ConfluentApiRegistryServer;
import dev.streamgate.testing.EventSourceClient;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.InjectRegistry;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.StandInRegistryResource;
import dev.streamgate.testing.StreamTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code from=snapshot} of a compacted topic of Avro keys and values (schemas from the stand-in
 * registry; no real registry runs here): the key table is built from decoded records (its build and
 * the topic's reader decode alike), keyed by the decoded key; a key whose latest record cannot be
 * decoded is its {@code decode-error}, with the snapshot's id; a filter on decoded fields selects
 * the snapshot too; the state at every point is the fold of the decoded log.
 */
@QuarkusTest
@TestProfile(StandInRegistryProfile.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(StandInRegistryResource.class)
class StandInRegistrySnapshotTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/streams/")
  URL streams;

  @InjectKafka KafkaTestSupport kafka;

  @InjectRegistry ConfluentApiRegistryServer registry;

  private void quote(String topic, int[] ids, String symbol, double bid, long seq) {
    kafka.send(
        new ProducerRecord<>(
            topic,
            Math.abs(symbol.hashCode()) % 2,
            StandInSchemas.framedString(ids[0], symbol),
            StandInSchemas.framedQuote(ids[1], symbol, bid, seq)));
  }

  @Test
  void aSnapshotOfACompactedAvroTopicIsTheDecodedLatestOfEveryKey() throws Exception {
    String topic = KafkaTestSupport.uniqueTopic("standin-snapshot");
    kafka
        .admin()
        .createTopics(
            List.of(new NewTopic(topic, 2, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
        .all()
        .get();
    int[] ids = StandInSchemas.registerQuotes(registry, topic);
    quote(topic, ids, "ACME", 99.0, 0);
    quote(topic, ids, "INIT", 7.0, 1);
    quote(topic, ids, "ACME", 101.0, 2);
    quote(topic, ids, "GONE", 5.0, 3);
    kafka.send(
        new ProducerRecord<>(
            topic,
            Math.abs("GONE".hashCode()) % 2,
            StandInSchemas.framedString(ids[0], "GONE"),
            null));
    byte[] badValue = ConfluentFrames.framed(424_242, new byte[] {1});
    kafka.send(
        new ProducerRecord<>(
            topic,
            Math.abs("BAD".hashCode()) % 2,
            StandInSchemas.framedString(ids[0], "BAD"),
            badValue));

    String filter = URLEncoder.encode("value.book.bid > 50.0", StandardCharsets.UTF_8);
    try (EventSourceClient all = snapshot(streams + topic + "?from=snapshot&format=envelope");
        EventSourceClient filtered =
            snapshot(streams + topic + "?from=snapshot&filter=" + filter)) {
      JsonNode notice = JSON.readTree(all.data("snapshot").get(0));
      assertThat(notice.get("keys").get(topic).asInt()).as("ACME, INIT, BAD").isEqualTo(3);
      Map<String, JsonNode> state = fold(all);
      assertThat(state.keySet()).containsExactly("ACME", "BAD", "INIT");
      assertThat(state.get("ACME").get("value"))
          .isEqualTo(JSON.readTree(StandInSchemas.quoteJson("ACME", 101.0, 2)));
      assertThat(state.get("ACME").get("schema").get("id").asInt()).isEqualTo(ids[1]);
      assertThat(state.get("INIT").get("value").get("seq").asInt()).isEqualTo(1);
      JsonNode bad = state.get("BAD");
      assertThat(bad.get("reason").asText()).isEqualTo("unknown-schema");
      assertThat(bad.get("schemaId").asInt()).isEqualTo(424_242);
      assertThat(all.received())
          .filteredOn(r -> r.event().equals("decode-error"))
          .allMatch(r -> r.id().startsWith("s"), "a snapshot's events carry the snapshot id");

      // filtered: ACME passes, INIT does not, the undecodable BAD passes as its decode-error
      assertThat(filtered.data("message"))
          .containsExactly(StandInSchemas.quoteJson("ACME", 101.0, 2));
      assertThat(filtered.data("decode-error")).hasSize(1);

      // live: the reader folds decoded records into the table; a later snapshot sees them
      quote(topic, ids, "INIT", 70.0, 4);
      await()
          .atMost(StreamTestSupport.TIMEOUT)
          .until(() -> all.data("message").size() >= 3 && filtered.data("message").size() >= 2);
      try (EventSourceClient later = snapshot(streams + topic + "?from=snapshot&format=envelope")) {
        Map<String, JsonNode> now = fold(later);
        assertThat(now.get("INIT").get("value"))
            .isEqualTo(JSON.readTree(StandInSchemas.quoteJson("INIT", 70.0, 4)));
        assertThat(now.get("ACME").get("value").get("seq").asInt()).isEqualTo(2);
        assertThat(now).doesNotContainKey("GONE");
      }
    }
  }

  private static EventSourceClient snapshot(String url) {
    EventSourceClient client = EventSourceClient.open(url);
    await()
        .atMost(StreamTestSupport.TIMEOUT)
        .failFast("the reader failed", client::failed)
        .until(() -> !client.data("caught-up").isEmpty());
    return client;
  }

  /**
   * The page's state at caught-up: the envelopes of the records up to it by key, and each
   * undecodable record's decode-error under its key (the snapshot's records come in no order).
   */
  private static Map<String, JsonNode> fold(EventSourceClient client) throws Exception {
    Map<String, JsonNode> state = new TreeMap<>();
    for (EventSourceClient.Received r : client.received()) {
      if (r.event().equals("caught-up")) {
        break;
      }
      if (r.event().equals("message")) {
        JsonNode envelope = JSON.readTree(r.data());
        state.put(envelope.get("key").asText(), envelope);
      } else if (r.event().equals("decode-error")) {
        JsonNode error = JSON.readTree(r.data());
        state.put(keyOf(error), error);
      } else if (r.event().equals("delete")) {
        state.remove(JSON.readTree(r.data()).get("key").asText());
      }
    }
    return state;
  }

  /** A decode-error's key: its raw key is the framed Avro string (5 bytes, a length, the text). */
  private static String keyOf(JsonNode error) {
    byte[] raw = Base64.getDecoder().decode(error.get("key").asText());
    return new String(raw, 6, raw.length - 6, StandardCharsets.UTF_8);
  }
}
