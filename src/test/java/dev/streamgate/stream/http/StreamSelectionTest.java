package dev.streamgate.stream.http;

import static dev.streamgate.testing.StreamTestSupport.awaitEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.cursor.CursorDecoding;
import dev.streamgate.testing.EventSourceClient;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.PrometheusScrape;
import dev.streamgate.testing.SseParser;
import dev.streamgate.testing.SseStream;
import dev.streamgate.testing.StreamTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code filter=} (CEL) and {@code fields=} against real Kafka and real clients: the records that
 * pass, projected; one evaluation per record for any number of streams sharing a selection; id-only
 * heartbeats so a reconnect does not rescan; and every refusal as problem JSON before the stream.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class StreamSelectionTest {

  static final String FILTER = "value.symbol == \"ACME\" && value.price > 400.0";

  @TestHTTPResource("/streams/")
  URL streams;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @InjectKafka KafkaTestSupport kafka;

  static String query(String filter, String fields) {
    StringBuilder query = new StringBuilder();
    if (filter != null) {
      query.append("&filter=").append(URLEncoder.encode(filter, StandardCharsets.UTF_8));
    }
    if (fields != null) {
      query.append("&fields=").append(URLEncoder.encode(fields, StandardCharsets.UTF_8));
    }
    return query.toString();
  }

  static String quote(String symbol, double price) {
    return "{\"symbol\":\"" + symbol + "\",\"venue\":\"XNYS\",\"price\":" + price + "}";
  }

  private double evaluations(String where) {
    return PrometheusScrape.of(metrics.toString())
        .sum("streamgate_filter_evaluations_total", "where", where);
  }

  @Test
  void clientsSharingASelectionCostOneEvaluationPerRecordAndShareItsFrames() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("select-shared"), 2);
    // three spellings of one filter and two of one projection: one group on the topic's reader
    List<String> spellings =
        List.of(FILTER, "(value.symbol=='ACME') && (value.price > 400.0)", FILTER);
    List<EventSourceClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        String fields = i % 2 == 0 ? "symbol,price" : "price, symbol";
        String format = i == 5 ? "&format=envelope" : "";
        clients.add(
            EventSourceClient.open(
                streams + topic + "?from=latest" + format + query(spellings.get(i % 3), fields)));
      }
      for (EventSourceClient client : clients) {
        await().atMost(StreamTestSupport.TIMEOUT).until(() -> !client.data("caught-up").isEmpty());
      }
      double shared = evaluations("shared");
      double perStream = evaluations("stream");

      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String symbol = i % 3 == 0 ? "GLOBEX" : "ACME";
        double price = 390 + i;
        kafka.send(topic, i % 2, symbol, quote(symbol, price));
        if (symbol.equals("ACME") && price > 400) {
          expected.add("{\"symbol\":\"ACME\",\"price\":" + price + "}");
        }
      }
      for (EventSourceClient client : clients.subList(0, 5)) {
        await()
            .atMost(StreamTestSupport.TIMEOUT)
            .failFast("the reader thread failed", client::failed)
            .until(() -> client.data("message").size() >= expected.size());
        assertThat(client.data("message")).containsExactlyInAnyOrderElementsOf(expected);
      }
      EventSourceClient envelope = clients.get(5);
      await()
          .atMost(StreamTestSupport.TIMEOUT)
          .until(() -> envelope.data("message").size() >= expected.size());
      assertThat(envelope.data("message"))
          .allSatisfy(data -> assertThat(data).contains("\"value\":\"{\\\"symbol\\\":\\\"ACME\\\""))
          .noneSatisfy(data -> assertThat(data).contains("venue"));

      // 20 records, 6 streams, one selection: 20 evaluations, none by a stream for itself
      await().atMost(StreamTestSupport.TIMEOUT).until(() -> evaluations("shared") - shared >= 20);
      assertThat(evaluations("shared") - shared).isEqualTo(20);
      assertThat(evaluations("stream") - perStream).isZero();
    } finally {
      clients.forEach(EventSourceClient::close);
    }
  }

  @Test
  void catchUpRecordsAreEvaluatedByTheStreamAndPassTheSameWay() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("select-catch-up"), 1);
    kafka.send(topic, 0, "ACME", quote("ACME", 401));
    kafka.send(topic, 0, "ACME", quote("ACME", 399));
    kafka.send(topic, 0, "GLOBEX", quote("GLOBEX", 500));
    kafka.send(topic, 0, "ACME", "not json");
    kafka.send(topic, 0, "ACME", quote("ACME", 402.5));
    double perStream = evaluations("stream");
    try (SseStream stream =
        SseStream.open(streams + topic + "?from=earliest" + query(FILTER, "price"))) {
      awaitEvent(stream, "caught-up");
      assertThat(stream.events("message"))
          .extracting(SseParser.SseEvent::data)
          .containsExactly("{\"price\":401.0}", "{\"price\":402.5}");
    }
    assertThat(evaluations("stream") - perStream).isGreaterThanOrEqualTo(5);
  }

  @Test
  void filteredRecordsMoveTheIdByHeartbeatSoAReconnectDoesNotRescanThem() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("select-heartbeat"), 2);
    String url = streams + topic + "?from=latest" + query("key == 'wanted'", null);
    String id;
    try (SseStream stream = SseStream.open(url)) {
      awaitEvent(stream, "caught-up");
      kafka.send(topic, 0, "wanted", "w0");
      for (int i = 0; i < 5; i++) {
        kafka.send(topic, i % 2, "other", "o" + i);
      }
      awaitEvent(stream, e -> e.data().equals("w0"));
      // no event fires for the others, but an id-only block moves the id past them
      await()
          .atMost(StreamTestSupport.TIMEOUT)
          .until(
              () ->
                  next(stream.lastEventId(), topic, 0) == 4
                      && next(stream.lastEventId(), topic, 1) == 2);
      assertThat(stream.raw()).containsPattern("\nid: [A-Za-z0-9_-]+\n\n");
      assertThat(stream.events("message")).hasSize(1);
      id = stream.lastEventId();
    }
    double perStream = evaluations("stream");
    double shared = evaluations("shared");
    try (SseStream resumed = StreamTestSupport.resume(url, id)) {
      SseParser.SseEvent info = awaitEvent(resumed, "stream-info");
      assertThat(info.data())
          .contains("\"start\":\"resume\"")
          .contains("\"partition\":0,\"earliest\":0,\"latest\":4,\"start\":4")
          .contains("\"partition\":1,\"earliest\":0,\"latest\":2,\"start\":2");
      awaitEvent(resumed, "caught-up");
      assertThat(resumed.events("message")).isEmpty();
    }
    assertThat(evaluations("stream") - perStream).isZero();
    assertThat(evaluations("shared") - shared).isZero();
  }

  @Test
  void everyBadFilterOrFieldsIsA400WithTheCompilersMessageBeforeTheStream() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("select-refused"), 1);
    String tooLarge = "offset == 1" + " || offset == 1".repeat(60);
    String nested = "value.a.exists(x, value.b.exists(y, x == y))";
    List<List<String>> cases =
        List.of(
            List.of("value.symbol ==", "", "Invalid filter", "mismatched input"),
            List.of("price > 1", "", "Invalid filter", "undeclared reference to 'price'"),
            List.of("1 + 'a' == 2", "", "Invalid filter", "found no matching overload"),
            List.of("offset + 1", "", "Invalid filter", "expected type 'bool'"),
            List.of("key == '" + "x".repeat(1100) + "'", "", "Filter too long", "at most 1024"),
            List.of(tooLarge, "", "Filter too large", "node limit (200)"),
            List.of(nested, "", "Filter too costly", "at most 10000"),
            List.of("true", "a..b", "Invalid fields", "joined by dots"),
            List.of("true", "a,".repeat(40) + "a", "Invalid fields", "at most 32"));
    for (List<String> c : cases) {
      String fields = c.get(1).isEmpty() ? null : c.get(1);
      try (SseStream refused =
          SseStream.open(streams + topic + "?from=earliest" + query(c.get(0), fields))) {
        assertThat(refused.status()).as(c.get(0)).isEqualTo(400);
        assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(refused.body())
            .as(c.get(0))
            .contains("\"title\":\"" + c.get(2) + "\"")
            .contains(c.get(3));
      }
    }
  }

  private static long next(String id, String topic, int partition) {
    if (id == null) {
      return -1;
    }
    CursorDecoding decoding = new CursorCodec(8192).decode(id);
    return decoding instanceof CursorDecoding.Valid valid
        ? valid.cursor().topic(topic).orElseThrow().nextOffset(partition)
        : -1;
  }
}
