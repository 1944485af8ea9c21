package dev.streamgate.stream.http;

import static dev.streamgate.testing.StreamTestSupport.awaitEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.SseParser;
import dev.streamgate.testing.SseStream;
import dev.streamgate.testing.StreamTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

/** What reaches the wire: headers, framing of hostile values, envelope, NDJSON, heartbeats. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class StreamFramingTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] INVALID_UTF8 = {(byte) 0xC3, (byte) 0x28, 'a', (byte) 0xFF};

  @TestHTTPResource("/streams/")
  URL streams;

  @InjectKafka KafkaTestSupport kafka;

  @Test
  void responseHeadersRetryAndHeartbeats() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("headers"), 1);
    try (SseStream stream = SseStream.open(streams + topic)) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.header("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
      assertThat(stream.header("Cache-Control")).isEqualTo("no-cache");
      assertThat(stream.header("X-Accel-Buffering")).isEqualTo("no");
      assertThat(stream.header("Content-Encoding")).isNull();
      awaitEvent(stream, "stream-info");
      // the reconnect delay rides on stream-info, the first event, not on a block of its own
      assertThat(stream.raw())
          .startsWith("id: ")
          .containsPattern("\\Aid: [^\n]+\nevent: stream-info\nretry: [0-9]+\ndata: \\{");
      assertThat(stream.raw()).doesNotContain("\n\nretry: ");
      // test profile: retry 200 ms plus up to 100 ms of jitter
      assertThat(stream.retry()).isBetween(200L, 300L);
      await().atMost(StreamTestSupport.TIMEOUT).until(() -> stream.comments().size() >= 2);
      assertThat(stream.comments()).allMatch(c -> c.equals("heartbeat"));
    }
  }

  @Test
  void valuesWithLineBreaksNulAndInvalidUtf8NeverBreakTheFraming() throws Exception {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("framing"), 1);
    List<String> texts =
        List.of(
            "a\r\nb", "a\rb", "a\nb", "x\u0000y", "\r\n\r\n", "data: fake\n\nid: 0\nevent: reset");
    for (String text : texts) {
      kafka.send(topic, 0, null, text);
    }
    kafka.send(new ProducerRecord<>(topic, 0, null, INVALID_UTF8));
    ProducerRecord<byte[], byte[]> injected =
        new ProducerRecord<>(
            topic,
            0,
            "k\r\nid: 1".getBytes(StandardCharsets.UTF_8),
            "typed".getBytes(StandardCharsets.UTF_8));
    injected
        .headers()
        .add(new RecordHeader("ce_type", "price\r\nevent: reset".getBytes(StandardCharsets.UTF_8)));
    kafka.send(injected);
    ProducerRecord<byte[], byte[]> reserved =
        new ProducerRecord<>(topic, 0, null, "spoof".getBytes(StandardCharsets.UTF_8));
    reserved.headers().add(new RecordHeader("ce_type", "reset".getBytes(StandardCharsets.UTF_8)));
    kafka.send(reserved);
    kafka.sendTyped(topic, 0, "price", "{\"p\":1}");

    try (SseStream stream = SseStream.open(streams + topic + "?from=earliest")) {
      awaitEvent(stream, "caught-up");
      List<SseParser.SseEvent> messages = stream.events("message");
      List<String> expected = new ArrayList<>();
      expected.add("a\nb");
      expected.add("a\nb");
      expected.add("a\nb");
      expected.add("x\u0000y");
      expected.add("\n\n");
      expected.add("data: fake\n\nid: 0\nevent: reset");
      assertThat(messages.subList(0, 6))
          .extracting(SseParser.SseEvent::data)
          .containsExactlyElementsOf(expected);
      JsonNode binary = JSON.readTree(messages.get(6).data());
      assertThat(binary.get("valueEncoding").asText()).isEqualTo("base64");
      assertThat(Base64.getDecoder().decode(binary.get("value").asText())).isEqualTo(INVALID_UTF8);
      assertThat(messages.get(7).data()).isEqualTo("typed");
      assertThat(messages.get(8).data()).isEqualTo("spoof");
      assertThat(stream.events("reset")).isEmpty();
      assertThat(stream.events("price"))
          .extracting(SseParser.SseEvent::data)
          .containsExactly("{\"p\":1}");
      // every event's id is the cursor: distinct, increasing with each record
      assertThat(messages).extracting(SseParser.SseEvent::lastEventId).doesNotHaveDuplicates();
    }
  }

  @Test
  void envelopeCarriesMetadataAndBinarySafely() throws Exception {
    // recent: a months-old timestamp would let time retention delete the record mid-test
    long timestamp = System.currentTimeMillis() - 3_600_000L;
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("envelope"), 2);
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic, 1, timestamp, "key\n1".getBytes(StandardCharsets.UTF_8), INVALID_UTF8);
    record.headers().add(new RecordHeader("ce_type", "price".getBytes(StandardCharsets.UTF_8)));
    record.headers().add(new RecordHeader("trace", new byte[] {(byte) 0xFF}));
    kafka.send(record);
    kafka.send(new ProducerRecord<>(topic, 0, null, null));
    try (SseStream stream = SseStream.open(streams + topic + "?from=earliest&format=envelope")) {
      awaitEvent(stream, "caught-up");
      JsonNode envelope = JSON.readTree(stream.events("price").get(0).data());
      assertThat(envelope.get("topic").asText()).isEqualTo(topic);
      assertThat(envelope.get("partition").asInt()).isEqualTo(1);
      assertThat(envelope.get("offset").asLong()).isZero();
      assertThat(envelope.get("timestamp").asLong()).isEqualTo(timestamp);
      assertThat(envelope.get("key").asText()).isEqualTo("key\n1");
      assertThat(envelope.get("type").asText()).isEqualTo("price");
      assertThat(envelope.get("headers").get("ce_type").asText()).isEqualTo("price");
      assertThat(envelope.get("headers").get("trace").get("base64").asText()).isEqualTo("/w==");
      assertThat(Base64.getDecoder().decode(envelope.get("value").asText()))
          .isEqualTo(INVALID_UTF8);
      JsonNode tombstone = JSON.readTree(stream.events("delete").get(0).data());
      assertThat(tombstone.get("value").isNull()).isTrue();
    }
  }

  @Test
  void ndjsonCarriesTheSameStreamLineByLine() throws Exception {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("ndjson"), 2);
    kafka.fill(topic, 2, 3, "n");
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(streams + topic + "?from=earliest"))
            .header("Accept", "application/x-ndjson")
            .build();
    HttpResponse<java.io.InputStream> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
    List<JsonNode> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        JsonNode node = JSON.readTree(line);
        lines.add(node);
        if (node.get("event").asText().equals("caught-up")) {
          break;
        }
      }
    }
    assertThat(lines.get(0).get("event").asText()).isEqualTo("stream-info");
    List<JsonNode> records =
        lines.stream().filter(n -> n.get("event").asText().equals("message")).toList();
    assertThat(records).hasSize(6);
    assertThat(records).allMatch(n -> n.get("id").asText().startsWith("1") && n.has("offset"));
    // resume from the third record's id, as a back end would
    String id = records.get(2).get("id").asText();
    try (SseStream resumed =
        SseStream.open(streams + topic + "?format=envelope", Map.of("Last-Event-ID", id))) {
      assertThat(StreamTestSupport.awaitRecords(resumed, 3)).hasSize(3);
    }
  }
}
