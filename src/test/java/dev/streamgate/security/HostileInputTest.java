package dev.streamgate.security;

import static dev.streamgate.testing.StreamTestSupport.awaitEvent;
import static dev.streamgate.testing.StreamTestSupport.awaitRecords;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.RawHttp;
import dev.streamgate.testing.SseParser;
import dev.streamgate.testing.SseStream;
import dev.streamgate.testing.StreamTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile requests and hostile records against the running service with real Kafka, in the default
 * configuration: each is answered as specified, nothing can add a field or an event to a stream,
 * and after each the pod still serves an ordinary client ({@link #podStillServes}).
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class HostileInputTest {

  @TestHTTPResource("/")
  URL root;

  @InjectKafka KafkaTestSupport kafka;
  static String healthy;

  @BeforeEach
  void createTopicsOnce() {
    if (healthy == null) {
      healthy = kafka.createTopic(KafkaTestSupport.uniqueTopic("healthy"), 1);
      kafka.send(healthy, 0, "k", "still-here");
    }
  }

  @AfterEach
  void podStillServes() {
    try (SseStream stream = SseStream.open(root + "streams/" + healthy + "?from=earliest")) {
      assertThat(stream.status()).isEqualTo(200);
      awaitEvent(stream, e -> e.data().equals("still-here"));
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/streams/..%2F..%2Fetc%2Fpasswd | 400",
        "/streams/a%2Fb | 400",
        "/streams/a%00b | 400",
        "/streams/. | 404",
        "/streams/a%0D%0Aevent:%20reset | 400",
        "/streams/%C3%A9t%C3%A9 | 400",
        "/streams/%F0%9F%92%A3 | 400",
        "/streams/%FF%FE | 400",
        "/streams/x;b | 400",
        "/streams/__consumer_offsets | 404",
        "/streams/__transaction_state | 404",
        "/streams/__anything | 404",
      })
  void oddTopicNamesAreRefusedBeforeKafkaWithProblemJson(String target, int status) {
    RawHttp.Answer answer = RawHttp.get(root.getPort(), target);
    assertThat(answer.status()).isEqualTo(status);
    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void rawTraversalInThePathNeverReachesAStream() {
    for (String target :
        List.of("/streams/../q/health", "/streams/%2e%2e", "/streams/%2e%2e/%2e%2e/etc/passwd")) {
      RawHttp.Answer answer = RawHttp.get(root.getPort(), target);
      assertThat(answer.status()).isNotEqualTo(500);
      assertThat(answer.header("Content-Type")).doesNotStartWith("text/event-stream");
    }
  }

  @Test
  void tenThousandTopicsInOneRequestAreRefused() {
    StringBuilder topics = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      topics.append(i == 0 ? "" : ",").append("t").append(i);
    }
    RawHttp.Answer answer = RawHttp.get(root.getPort(), "/streams/" + topics);
    assertThat(answer.status()).as("request line over its limit").isEqualTo(414);
  }

  @Test
  void aMegabyteIdInTheHeaderIs431() {
    RawHttp.Answer answer =
        RawHttp.get(
            root.getPort(), "/streams/" + healthy, "Last-Event-ID: 1" + "A".repeat(1 << 20));
    assertThat(answer.status()).isEqualTo(431);
  }

  @Test
  void aMegabyteIdInTheQueryIs414() {
    RawHttp.Answer answer =
        RawHttp.get(root.getPort(), "/streams/" + healthy + "?lastEventId=1" + "A".repeat(1 << 20));
    assertThat(answer.status()).isEqualTo(414);
  }

  @Test
  void aMegabyteOfOtherHeadersIs431() {
    RawHttp.Answer answer =
        RawHttp.get(root.getPort(), "/streams/" + healthy, "X-Padding: " + "p".repeat(1 << 20));
    assertThat(answer.status()).isEqualTo(431);
  }

  @Test
  void anIdJustOverTheLimitOpensTheStreamWithAReset() {
    try (SseStream stream =
        SseStream.open(
            root + "streams/" + healthy, Map.of("Last-Event-ID", "1" + "A".repeat(8192)))) {
      assertThat(stream.status()).isEqualTo(200);
      SseParser.SseEvent reset = awaitEvent(stream, "reset");
      assertThat(reset.data()).contains("unreadable-id").doesNotContain("AAAA");
    }
  }

  /**
   * An id with CR, LF and NUL in the query cannot add a field: it is unreadable, and never echoed.
   */
  @Test
  void controlCharactersInTheQueryIdAreAResetNotAField() {
    String id = "1AQ\r\nevent: gap\r\ndata: injected\r\n\r\n\u0000";
    try (SseStream stream =
        SseStream.open(
            root
                + "streams/"
                + healthy
                + "?lastEventId="
                + URLEncoder.encode(id, StandardCharsets.UTF_8))) {
      assertThat(stream.status()).isEqualTo(200);
      awaitEvent(stream, "reset");
      assertThat(stream.events("gap")).isEmpty();
      assertThat(stream.raw()).doesNotContain("injected");
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "key=a%0D%0Aevent:%20reset | 200",
        "type=a%0D%0Adata:%20x | 200",
        "since=%0D%0Aevent:%20x | 400",
        "from=%00 | 400",
        "format=raw%0D%0A | 400",
      })
  void controlCharactersInOtherQueryFieldsNeverReachTheStream(String query, int status) {
    RawHttp.Answer answer = RawHttp.get(root.getPort(), "/streams/" + healthy + "?" + query);
    assertThat(answer.status()).isEqualTo(status);
    assertThat(answer.body()).doesNotContain("event: reset").doesNotContain("data: x");
  }

  /**
   * Records whose key, value, type header and other headers carry CR, LF, CRLF, NUL and would-be
   * SSE fields: each is one event with exactly its own data, raw and as an envelope.
   */
  @Test
  void recordsCannotEndAnEventEarlyOrAddAField() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("inject"), 1);
    String evil = "first\r\n\r\nevent: reset\ndata: forged\rid: 1AAAA\n\nretry: 1\r\n\u0000end";
    List<ProducerRecord<byte[], byte[]>> records =
        List.of(
            record(topic, "key\r\nevent: gap", evil, "ce_type", "price"),
            record(topic, "k\u0000", "plain", "ce_type", "x\r\nevent: reset"),
            record(topic, null, "v", "ce_type", "reset"),
            record(topic, null, "w", "ce_type", "stream-info"),
            record(topic, null, "z", "other\r\nheader", "value\r\n\r\ndata: forged"));
    records.forEach(kafka::send);

    try (SseStream raw = SseStream.open(root + "streams/" + topic + "?from=earliest");
        SseStream envelope =
            SseStream.open(root + "streams/" + topic + "?from=earliest&format=envelope")) {
      List<SseParser.SseEvent> rawEvents = recordEvents(raw, records.size());
      assertThat(rawEvents)
          .extracting(SseParser.SseEvent::data)
          .containsExactly(evil.replace("\r\n", "\n").replace('\r', '\n'), "plain", "v", "w", "z");
      assertThat(rawEvents)
          .extracting(SseParser.SseEvent::type)
          .containsExactly("price", "message", "message", "message", "message");
      assertThat(raw.events("reset")).isEmpty();
      assertThat(raw.events("gap")).isEmpty();
      assertThat(raw.events("stream-info")).hasSize(1);

      awaitRecords(envelope, records.size());
      assertThat(StreamTestSupport.records(envelope)).hasSize(records.size());
      assertThat(envelope.events().stream().filter(e -> !StreamTestSupport.isControl(e)).toList())
          .allSatisfy(e -> assertThat(e.data()).startsWith("{").endsWith("}").doesNotContain("\n"));
      assertThat(envelope.events("reset")).isEmpty();
    }
  }

  private static List<SseParser.SseEvent> recordEvents(SseStream stream, int count) {
    awaitEvent(stream, "caught-up");
    org.awaitility.Awaitility.await()
        .atMost(StreamTestSupport.TIMEOUT)
        .until(
            () ->
                stream.events().stream().filter(e -> !StreamTestSupport.isControl(e)).count()
                    >= count);
    return stream.events().stream().filter(e -> !StreamTestSupport.isControl(e)).toList();
  }

  private static ProducerRecord<byte[], byte[]> record(
      String topic, String key, String value, String header, String headerValue) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic,
            0,
            key == null ? null : key.getBytes(StandardCharsets.UTF_8),
            value.getBytes(StandardCharsets.UTF_8));
    record.headers().add(new RecordHeader(header, headerValue.getBytes(StandardCharsets.UTF_8)));
    return record;
  }
}
