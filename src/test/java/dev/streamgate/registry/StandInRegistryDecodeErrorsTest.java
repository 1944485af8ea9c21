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
import dev.streamgate.testing.PrometheusScrape;
import dev.streamgate.testing.StandInRegistryResource;
import dev.streamgate.testing.StreamTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Every cause of a {@code decode-error}, each followed by a record that decodes: the error comes in
 * the record's place with its raw bytes and an id like a record's, the stream goes on, a resume
 * from the error's id neither repeats nor loses it, and {@code streamgate_decode_errors_total}
 * counts each once. Schemas come from the stand-in registry (no real registry runs here).
 */
@QuarkusTest
@TestProfile(StandInRegistryProfile.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(StandInRegistryResource.class)
class StandInRegistryDecodeErrorsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/streams/")
  URL streams;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @InjectKafka KafkaTestSupport kafka;

  @InjectRegistry ConfluentApiRegistryServer registry;

  /** One bad record and what its decode-error must say. */
  private record Bad(String reason, String part, Integer schemaId, byte[] key, byte[] value) {}

  @Test
  void eachCauseIsADecodeErrorInTheRecordsPlaceAndTheStreamGoesOn() throws Exception {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("standin-errors"), 1);
    int[] ids = StandInSchemas.registerQuotes(registry, topic);
    int xml = registry.register("xml-schemas", "XML", "<schema/>");
    int hugeEnum = registry.register("huge-enum", null, hugeEnum(3_000));
    int recursive = registry.register("list-value", null, LINKED_LIST);
    byte[] good = StandInSchemas.framedQuote(ids[1], "ACME", 1.0, 0);
    byte[] key = StandInSchemas.framedString(ids[0], "ACME");
    List<Bad> bad =
        List.of(
            new Bad(
                "unknown-schema",
                "value",
                999_999,
                key,
                ConfluentFrames.framed(999_999, new byte[] {2})),
            new Bad("truncated-framing", "value", null, key, new byte[] {0, 0, 0}),
            new Bad(
                "payload-mismatch",
                "value",
                ids[1],
                key,
                ConfluentFrames.framed(ids[1], new byte[] {6, 'A'})),
            new Bad(
                "unsupported-schema-type",
                "value",
                xml,
                key,
                ConfluentFrames.framed(xml, new byte[] {1})),
            new Bad(
                "schema-too-large",
                "value",
                hugeEnum,
                key,
                ConfluentFrames.framed(hugeEnum, new byte[] {0})),
            new Bad("too-large", "value", ids[1], key, tooLarge(ids[1])),
            new Bad(
                "too-deep",
                "value",
                recursive,
                key,
                ConfluentFrames.framed(recursive, deepList(100))),
            new Bad("truncated-framing", "key", null, new byte[] {0, 1}, good));
    Map<String, Double> before = errorCounts(topic);
    try (EventSourceClient client = EventSourceClient.open(streams + topic + "?from=latest")) {
      await().atMost(StreamTestSupport.TIMEOUT).until(() -> !client.data("caught-up").isEmpty());
      long seq = 1;
      for (Bad b : bad) {
        kafka.send(new ProducerRecord<>(topic, 0, b.key(), b.value()));
        kafka.send(
            new ProducerRecord<>(
                topic, 0, key, StandInSchemas.framedQuote(ids[1], "ACME", 1.0, seq++)));
      }
      await()
          .atMost(StreamTestSupport.TIMEOUT)
          .failFast("the reader failed", client::failed)
          .until(() -> events(client).size() >= 2 * bad.size());
      List<EventSourceClient.Received> events = events(client);
      for (int i = 0; i < bad.size(); i++) {
        Bad b = bad.get(i);
        EventSourceClient.Received error = events.get(2 * i);
        assertThat(error.event()).as("event %d", 2 * i).isEqualTo("decode-error");
        JsonNode body = JSON.readTree(error.data());
        assertThat(body.get("reason").asText()).isEqualTo(b.reason());
        assertThat(body.get("part").asText()).isEqualTo(b.part());
        assertThat(body.get("topic").asText()).isEqualTo(topic);
        assertThat(body.get("partition").asInt()).isZero();
        assertThat(body.get("offset").asLong()).isEqualTo(2L * i);
        if (b.schemaId() == null) {
          assertThat(body.get("schemaId").isNull()).isTrue();
        } else {
          assertThat(body.get("schemaId").asInt()).isEqualTo(b.schemaId());
        }
        assertThat(Base64.getDecoder().decode(body.get("value").asText())).isEqualTo(b.value());
        assertThat(Base64.getDecoder().decode(body.get("key").asText())).isEqualTo(b.key());
        assertThat(body.get("message").asText()).isNotBlank();
        EventSourceClient.Received after = events.get(2 * i + 1);
        assertThat(after.event()).isEqualTo("message");
        assertThat(JSON.readTree(after.data()).get("seq").asLong()).isEqualTo(i + 1);
      }

      Map<String, Double> counted = errorCounts(topic);
      for (String reason : REASONS) {
        assertThat(counted.get(reason) - before.get(reason))
            .as(reason)
            .isEqualTo(reason.equals("truncated-framing") ? 2.0 : 1.0);
      }

      // the error's id is a position: a resume from it starts with the record after it
      String errorId = events.get(4).id();
      try (EventSourceClient resumed =
          EventSourceClient.open(streams + topic, Map.of("Last-Event-ID", errorId))) {
        await()
            .atMost(StreamTestSupport.TIMEOUT)
            .until(() -> events(resumed).size() >= 2 * bad.size() - 5);
        List<EventSourceClient.Received> again = events(resumed);
        assertThat(again.get(0).event()).isEqualTo("message");
        assertThat(again)
            .extracting(EventSourceClient.Received::id)
            .containsExactlyElementsOf(
                events.subList(5, 2 * bad.size()).stream()
                    .map(EventSourceClient.Received::id)
                    .toList());
      }
    }
  }

  private static List<EventSourceClient.Received> events(EventSourceClient client) {
    List<EventSourceClient.Received> events = new ArrayList<>();
    for (EventSourceClient.Received r : client.received()) {
      if (r.event().equals("message") || r.event().equals("decode-error")) {
        events.add(r);
      }
    }
    return events;
  }

  private static final List<String> REASONS =
      List.of(
          "unknown-schema",
          "truncated-framing",
          "payload-mismatch",
          "unsupported-schema-type",
          "schema-too-large",
          "too-large",
          "too-deep");

  private Map<String, Double> errorCounts(String topic) {
    PrometheusScrape scrape = PrometheusScrape.of(metrics.toString());
    Map<String, Double> counts = new HashMap<>();
    for (String reason : REASONS) {
      counts.put(
          reason, scrape.sum("streamgate_decode_errors_total", "topic", topic, "reason", reason));
    }
    return counts;
  }

  private static String hugeEnum(int symbols) {
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < symbols; i++) {
      names.append(i == 0 ? "" : ",").append("\"S").append(i).append('"');
    }
    return "{\"type\":\"enum\",\"name\":\"Huge\",\"symbols\":[" + names + "]}";
  }

  private static final String LINKED_LIST =
      "{\"type\":\"record\",\"name\":\"Node\",\"fields\":[{\"name\":\"v\",\"type\":\"int\"},"
          + "{\"name\":\"next\",\"type\":[\"null\",\"Node\"]}]}";

  /** A linked list {@code depth} nodes long, in Avro's binary encoding (each node nests once). */
  private static byte[] deepList(int depth) {
    byte[] out = new byte[depth * 2 + 1];
    for (int i = 0; i < depth; i++) {
      out[2 * i] = 2; // v = 1 (zig-zag)
      out[2 * i + 1] = 2; // union branch 1: a Node follows
    }
    out[2 * depth] = 0; // v = 0, then...
    byte[] last = new byte[out.length + 1];
    System.arraycopy(out, 0, last, 0, out.length);
    last[out.length] = 0; // branch 0: null
    return last;
  }

  /** A framed value above {@code max-value-bytes}. */
  private static byte[] tooLarge(int id) {
    byte[] payload = new byte[StandInRegistryProfile.MAX_VALUE_BYTES + 10];
    return ConfluentFrames.framed(id, payload);
  }
}
