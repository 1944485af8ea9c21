package dev.streamgate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Records in the Confluent wire format, served decoded, end to end: real Kafka, real SSE clients
 * (okhttp-eventsource) and NDJSON over a socket, schemas from the stand-in registry (the Confluent
 * REST API's documented shapes, {@link ConfluentApiRegistryServer}; no real registry runs here).
 * Records read before a stream opened come through a catch-up reader, later ones through the
 * topic's reader: both decode, through the pod's one schema cache.
 */
@QuarkusTest
@TestProfile(StandInRegistryProfile.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(StandInRegistryResource.class)
class StandInRegistryStreamsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/streams/")
  URL streams;

  @InjectKafka KafkaTestSupport kafka;

  @InjectRegistry ConfluentApiRegistryServer registry;

  private void send(String topic, int partition, byte[] key, byte[] value) {
    kafka.send(new ProducerRecord<>(topic, partition, key, value));
  }

  private void sendQuote(
      String topic, int[] ids, int partition, String symbol, double bid, long seq) {
    send(
        topic,
        partition,
        StandInSchemas.framedString(ids[0], symbol),
        StandInSchemas.framedQuote(ids[1], symbol, bid, seq));
  }

  private static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(json, e);
    }
  }

  private static EventSourceClient caughtUp(String url) {
    EventSourceClient client = EventSourceClient.open(url);
    await()
        .atMost(StreamTestSupport.TIMEOUT)
        .failFast("the reader failed", client::failed)
        .until(() -> !client.data("caught-up").isEmpty());
    return client;
  }

  private static List<String> awaitMessages(EventSourceClient client, int count) {
    await()
        .atMost(StreamTestSupport.TIMEOUT)
        .failFast("the reader failed", client::failed)
        .until(() -> client.data("message").size() >= count);
    return client.data("message");
  }

  @Test
  void avroKeysAndValuesAreDecodedInRawEnvelopeAndNdjson() throws Exception {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("standin-avro"), 2);
    int[] ids = StandInSchemas.registerQuotes(registry, topic);
    // read later by catch-up readers (the streams start before the topic's reader has them)
    sendQuote(topic, ids, 0, "ACME", 101.0, 0);
    sendQuote(topic, ids, 1, "INIT", 7.5, 1);
    send(
        topic,
        0,
        "plain".getBytes(StandardCharsets.UTF_8),
        "plain text".getBytes(StandardCharsets.UTF_8));
    List<String> expected = new ArrayList<>();
    expected.add(StandInSchemas.quoteJson("ACME", 101.0, 0));
    expected.add(StandInSchemas.quoteJson("INIT", 7.5, 1));
    expected.add("plain text");
    try (EventSourceClient raw = caughtUp(streams + topic + "?from=earliest");
        EventSourceClient envelope = caughtUp(streams + topic + "?from=earliest&format=envelope")) {
      // read by the topic's reader, live
      sendQuote(topic, ids, 1, "INIT", 7.75, 2);
      sendQuote(topic, ids, 0, "ACME", 101.5, 3);
      expected.add(StandInSchemas.quoteJson("INIT", 7.75, 2));
      expected.add(StandInSchemas.quoteJson("ACME", 101.5, 3));

      assertThat(awaitMessages(raw, 5)).containsExactlyInAnyOrderElementsOf(expected);

      List<JsonNode> envelopes =
          awaitMessages(envelope, 5).stream().map(StandInRegistryStreamsTest::tree).toList();
      assertEnvelopes(topic, ids, envelopes, expected);
      assertEnvelopes(topic, ids, ndjson(streams + topic + "?from=earliest", 5), expected);
    }
  }

  private void assertEnvelopes(
      String topic, int[] ids, List<JsonNode> envelopes, List<String> expected) {
    JsonNode valueSchema =
        tree(
            "{\"id\":"
                + ids[1]
                + ",\"type\":\"AVRO\",\"subject\":\""
                + topic
                + "-value\",\"version\":1}");
    JsonNode keySchema =
        tree(
            "{\"id\":"
                + ids[0]
                + ",\"type\":\"AVRO\",\"subject\":\""
                + topic
                + "-key\",\"version\":1}");
    List<JsonNode> values = new ArrayList<>();
    for (JsonNode envelope : envelopes) {
      if (envelope.get("key").asText().equals("plain")) {
        assertThat(envelope.get("value").asText()).isEqualTo("plain text");
        assertThat(envelope.has("schema")).isFalse();
        assertThat(envelope.has("keySchema")).isFalse();
        values.add(envelope.get("value"));
        continue;
      }
      assertThat(envelope.get("value").isObject()).as("the decoded JSON itself").isTrue();
      assertThat(envelope.get("schema")).isEqualTo(valueSchema);
      assertThat(envelope.get("keySchema")).isEqualTo(keySchema);
      assertThat(envelope.get("key").asText())
          .isEqualTo(envelope.get("value").get("symbol").asText());
      values.add(envelope.get("value"));
    }
    assertThat(values)
        .containsExactlyInAnyOrderElementsOf(
            expected.stream()
                .map(e -> e.startsWith("{") ? tree(e) : JSON.getNodeFactory().textNode(e))
                .toList());
  }

  /** The NDJSON lines of a stream's record events, read until {@code count} of them came. */
  private static List<JsonNode> ndjson(String url, int count) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/x-ndjson").build();
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    List<JsonNode> records = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      while (records.size() < count && (line = reader.readLine()) != null) {
        JsonNode node = JSON.readTree(line);
        if (node.get("event").asText().equals("message")) {
          assertThat(node.get("id").asText()).isNotEmpty();
          records.add(node);
        }
      }
    }
    return records;
  }

  @Test
  void aProtobufSchemaWithAReferenceAndAJsonSchemaAreDecoded() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("standin-proto"), 1);
    int money = registry.register("money", "PROTOBUF", StandInSchemas.MONEY_PROTO);
    int order =
        registry.register(
            topic + "-value",
            "PROTOBUF",
            StandInSchemas.ORDER_PROTO,
            ConfluentApiRegistryServer.reference("common/money.proto", "money", 1));
    int json = registry.register(topic + "-value", "JSON", StandInSchemas.JSON_SCHEMA);
    assertThat(money).isNotEqualTo(order);
    send(topic, 0, null, StandInSchemas.framedOrder(order, "o-1", 12));
    try (EventSourceClient raw = caughtUp(streams + topic + "?from=earliest");
        EventSourceClient envelope = caughtUp(streams + topic + "?from=earliest&format=envelope")) {
      send(topic, 0, null, StandInSchemas.framedJson(json, 7));
      send(topic, 0, null, StandInSchemas.framedOrder(order, "o-2", 9_007_199_254_740_993L));
      assertThat(awaitMessages(raw, 3))
          .containsExactly(
              StandInSchemas.orderJson("o-1", 12),
              StandInSchemas.json(7),
              StandInSchemas.orderJson("o-2", 9_007_199_254_740_993L));
      List<JsonNode> envelopes =
          awaitMessages(envelope, 3).stream().map(StandInRegistryStreamsTest::tree).toList();
      assertThat(envelopes.get(0).get("schema"))
          .isEqualTo(
              tree(
                  "{\"id\":"
                      + order
                      + ",\"type\":\"PROTOBUF\",\"subject\":\""
                      + topic
                      + "-value\",\"version\":1}"));
      assertThat(envelopes.get(1).get("schema"))
          .isEqualTo(
              tree(
                  "{\"id\":"
                      + json
                      + ",\"type\":\"JSON\",\"subject\":\""
                      + topic
                      + "-value\",\"version\":2}"));
      assertThat(envelopes.get(2).get("value").get("total").get("units").asText())
          .as("int64 as a string, exactly")
          .isEqualTo("9007199254740993");
    }
    assertThat(registry.requests("/subjects/money/versions/1"))
        .as("the reference, once")
        .isEqualTo(1);
  }

  @Test
  void aFilterAndAProjectionSeeDecodedFields() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("standin-select"), 2);
    int[] ids = StandInSchemas.registerQuotes(registry, topic);
    sendQuote(topic, ids, 0, "ACME", 101.0, 0);
    sendQuote(topic, ids, 1, "ACME", 99.0, 1);
    sendQuote(topic, ids, 1, "INIT", 150.0, 2);
    String query =
        "&filter="
            + URLEncoder.encode("key == \"ACME\" && value.book.bid > 100.0", StandardCharsets.UTF_8)
            + "&fields="
            + URLEncoder.encode("symbol,book.bid,seq", StandardCharsets.UTF_8);
    try (EventSourceClient selected = caughtUp(streams + topic + "?from=earliest" + query);
        EventSourceClient keyed = caughtUp(streams + topic + "?from=earliest&key=INIT");
        EventSourceClient projectedEnvelope =
            caughtUp(streams + topic + "?from=earliest&format=envelope" + query)) {
      sendQuote(topic, ids, 0, "ACME", 100.5, 3);
      sendQuote(topic, ids, 1, "ACME", 100.0, 4);
      sendQuote(topic, ids, 0, "INIT", 1.0, 5);
      assertThat(awaitMessages(selected, 2))
          .containsExactlyInAnyOrder(
              "{\"symbol\":\"ACME\",\"book\":{\"bid\":101.0},\"seq\":0}",
              "{\"symbol\":\"ACME\",\"book\":{\"bid\":100.5},\"seq\":3}");
      assertThat(
              awaitMessages(keyed, 2).stream()
                  .map(v -> tree(v).get("seq").asInt())
                  .collect(Collectors.toSet()))
          .as("key=INIT matches the decoded string key")
          .containsExactlyInAnyOrder(2, 5);
      JsonNode envelope = tree(awaitMessages(projectedEnvelope, 2).get(0));
      assertThat(envelope.get("value").has("price")).isFalse();
      assertThat(envelope.get("schema").get("id").asInt()).isEqualTo(ids[1]);
    }
  }

  @Test
  void aTopicWithDecodingOffAndABareAvroTopicFollowTheirSettings() {
    String off = createIfAbsent(StandInRegistryProfile.OFF_TOPIC);
    String bare = createIfAbsent(StandInRegistryProfile.BARE_TOPIC);
    int[] ids = StandInSchemas.registerQuotes(registry, off);
    byte[] framed = StandInSchemas.framedQuote(ids[1], "ACME", 1.0, 0);
    try (EventSourceClient offClient = caughtUp(streams + off + "?format=envelope");
        EventSourceClient bareClient = caughtUp(streams + bare + "?format=envelope")) {
      send(off, 0, null, framed);
      send(bare, 0, null, StandInSchemas.bareQuote("BARE", 2.0, 4));
      JsonNode served = tree(awaitMessages(offClient, 1).get(0));
      assertThat(served.has("schema")).isFalse();
      byte[] bytes =
          served.has("valueEncoding")
              ? Base64.getDecoder().decode(served.get("value").asText())
              : served.get("value").asText().getBytes(StandardCharsets.UTF_8);
      assertThat(bytes).as("served exactly as read").isEqualTo(framed);
      JsonNode decoded = tree(awaitMessages(bareClient, 1).get(0));
      assertThat(decoded.get("value")).isEqualTo(tree(StandInSchemas.quoteJson("BARE", 2.0, 4)));
      assertThat(decoded.get("schema")).isEqualTo(tree("{\"type\":\"AVRO\"}"));
    }
  }

  @Test
  void aBareProtobufTopicTakesItsSchemaAndReferenceFromASubject() {
    String topic = createIfAbsent(StandInRegistryProfile.BARE_PROTO_TOPIC);
    registry.register("bare-money", "PROTOBUF", StandInSchemas.MONEY_PROTO);
    int order =
        registry.register(
            StandInRegistryProfile.BARE_PROTO_SUBJECT,
            "PROTOBUF",
            StandInSchemas.ORDER_PROTO,
            ConfluentApiRegistryServer.reference("common/money.proto", "bare-money", 1));
    try (EventSourceClient raw = caughtUp(streams + topic);
        EventSourceClient envelope = caughtUp(streams + topic + "?format=envelope")) {
      send(topic, 0, null, StandInSchemas.bareOrder("b-1", 5));
      send(topic, 0, null, StandInSchemas.bareOrder("b-2", 6));
      assertThat(awaitMessages(raw, 2))
          .containsExactly(StandInSchemas.orderJson("b-1", 5), StandInSchemas.orderJson("b-2", 6));
      JsonNode first = tree(awaitMessages(envelope, 2).get(0));
      assertThat(first.get("value")).isEqualTo(tree(StandInSchemas.orderJson("b-1", 5)));
      assertThat(first.get("schema"))
          .isEqualTo(
              tree(
                  "{\"id\":"
                      + order
                      + ",\"type\":\"PROTOBUF\",\"subject\":\""
                      + StandInRegistryProfile.BARE_PROTO_SUBJECT
                      + "\",\"version\":1}"));
    }
    assertThat(
            registry.requests(
                "/subjects/" + StandInRegistryProfile.BARE_PROTO_SUBJECT + "/versions/latest"))
        .as("the subject, once for the topic")
        .isEqualTo(1);
    assertThat(registry.requests("/subjects/bare-money/versions/1"))
        .as("its reference, once")
        .isEqualTo(1);
  }

  private String createIfAbsent(String topic) {
    try {
      if (!kafka.admin().listTopics().names().get().contains(topic)) {
        kafka.createTopic(topic, 1);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return topic;
  }
}
