package dev.streamgate.stream.conflate;

import static dev.streamgate.testing.StreamTestSupport.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgate.stream.conflate.ConflatedClient.Point;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.SseParser.SseEvent;
import dev.streamgate.testing.SseStream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

/**
 * Conflation with the stream's other options: {@code filter}, {@code fields}, {@code key} and
 * {@code type} apply before conflation (the state is the fold of what the stream selects); raw and
 * envelope SSE and NDJSON; several topics; topic patterns, a topic joining from its start; and
 * {@code from=snapshot}, the snapshot then the live batches.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class ConflatedFeaturesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/streams/")
  URL streams;

  @InjectKafka KafkaTestSupport kafka;

  /** Partitions per topic this test created (a describe right after a create can fail). */
  private final Map<String, Integer> partitions = new ConcurrentHashMap<>();

  private String createTopic(String name, int count) {
    partitions.put(kafka.createTopic(name, count), count);
    return name;
  }

  /** Keys a..d, values {"k":..,"p":n}, typed quote or trade, every ninth a tombstone. */
  private void produce(String topic, int from, int to) {
    int partitions = this.partitions.get(topic);
    for (int n = from; n < to; n++) {
      String key = String.valueOf((char) ('a' + n % 4));
      String value = "{\"k\":\"" + key + "\",\"p\":" + n + ",\"x\":" + (n * 7) + "}";
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(
              topic,
              key.charAt(0) % partitions,
              key.getBytes(StandardCharsets.UTF_8),
              n % 9 == 8 ? null : value.getBytes(StandardCharsets.UTF_8));
      String type = n % 3 == 0 ? "trade" : "quote";
      record.headers().add(new RecordHeader("ce_type", type.getBytes(StandardCharsets.UTF_8)));
      kafka.send(record);
    }
  }

  private static String type(ConsumerRecord<byte[], byte[]> r) {
    return new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8);
  }

  private static int p(String value) {
    try {
      return JSON.readTree(value).get("p").asInt();
    } catch (Exception e) {
      throw new AssertionError(value, e);
    }
  }

  private static Map<String, Integer> ps(Map<String, String> state) {
    Map<String, Integer> ps = new HashMap<>();
    state.forEach((k, v) -> ps.put(k, p(v)));
    return ps;
  }

  /**
   * Reads the stream until its map is {@code topic}'s fold of what {@code selected} keeps, first up
   * to record 46 (so that a batch ends between a's tombstone at 44 and a's next value at 48, and
   * between c's at 62 and 66 later: a filter that loses a delete shows at that batch), then to 80.
   */
  private void assertConverges(
      String query, String topic, Predicate<ConsumerRecord<byte[], byte[]>> selected) {
    try (ConflatedClient client =
        ConflatedClient.open(streams + topic + "?conflate=250ms&format=envelope&" + query)) {
      await().atMost(TIMEOUT).failFast(client::failed).until(client::caughtUp);
      for (int[] part : new int[][] {{40, 47}, {47, 63}, {63, 80}}) {
        produce(topic, part[0], part[1]);
        KeyedTopic log = KeyedTopic.read(KafkaBrokerResource.bootstrapServers(), topic);
        await()
            .atMost(TIMEOUT)
            .failFast(client::failed)
            .until(() -> ps(client.state(topic)).equals(ps(log.stateAt(idAtEnd(log), selected))));
      }
      KeyedTopic log = KeyedTopic.read(KafkaBrokerResource.bootstrapServers(), topic);
      for (Point point : client.points()) {
        assertThat(ps(point.state(topic)))
            .as("%s at %s", query, point.event())
            .isEqualTo(ps(log.stateAt(point.id(), selected)));
      }
      assertThat(client.repeatedInABatch()).isEmpty();
    }
  }

  private static String idAtEnd(KeyedTopic log) {
    return log.endId();
  }

  @Test
  void filterFieldsKeyAndTypeSelectBeforeConflation() {
    String topic = createTopic(KafkaTestSupport.uniqueTopic("conflate-select"), 2);
    produce(topic, 0, 40);
    // a tombstone's value is null: value.p is an error there, so the unguarded filter rejects it
    // and the key keeps its last selected value (docs/api.md); the guarded one passes deletes
    String unguarded = URLEncoder.encode("value.p % 2 == 0", StandardCharsets.UTF_8);
    assertConverges(
        "from=earliest&filter=" + unguarded + "&fields=p",
        topic,
        r -> r.value() != null && p(new String(r.value(), StandardCharsets.UTF_8)) % 2 == 0);
    String guarded = URLEncoder.encode("value == null || value.p % 2 == 0", StandardCharsets.UTF_8);
    assertConverges(
        "from=earliest&filter=" + guarded + "&fields=p",
        topic,
        r -> r.value() == null || p(new String(r.value(), StandardCharsets.UTF_8)) % 2 == 0);
    assertConverges(
        "from=earliest&key=a&key=d",
        topic,
        r -> new String(r.key(), StandardCharsets.UTF_8).matches("[ad]"));
    assertConverges("from=earliest&type=quote", topic, r -> type(r).equals("quote"));
  }

  @Test
  void rawSseCarriesTheValueAndDeleteTheKey() {
    String topic = createTopic(KafkaTestSupport.uniqueTopic("conflate-raw"), 2);
    produce(topic, 0, 40);
    try (SseStream stream = SseStream.open(streams + topic + "?conflate=250ms&from=earliest")) {
      await().atMost(TIMEOUT).until(() -> !stream.events("caught-up").isEmpty());
      Map<String, String> state = new HashMap<>();
      for (SseEvent e : stream.events()) {
        if (e.type().equals("delete")) {
          state.remove(e.data());
        } else if (e.type().equals("quote") || e.type().equals("trade")) {
          state.put(e.data().substring(6, 7), e.data());
        }
      }
      assertThat(state)
          .isEqualTo(KeyedTopic.read(KafkaBrokerResource.bootstrapServers(), topic).state());
      assertThat(stream.events("batch")).hasSize(1);
    }
  }

  @Test
  void ndjsonLinesCarryTheBatchEnds() throws Exception {
    String topic = createTopic(KafkaTestSupport.uniqueTopic("conflate-ndjson"), 2);
    produce(topic, 0, 40);
    List<JsonNode> lines = new CopyOnWriteArrayList<>();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(streams + topic + "?conflate=250ms&from=earliest"))
            .header("Accept", "application/x-ndjson")
            .build();
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(JSON.readTree(line));
                }
              } catch (Exception e) {
                // the test closed the stream
              }
            });
    reader.setDaemon(true);
    reader.start();
    try {
      await()
          .atMost(TIMEOUT)
          .until(() -> lines.stream().anyMatch(l -> l.get("event").asText().equals("caught-up")));
      produce(topic, 40, 60);
      Map<String, String> expected =
          KeyedTopic.read(KafkaBrokerResource.bootstrapServers(), topic).state();
      await()
          .atMost(TIMEOUT)
          .until(
              () -> {
                Map<String, String> state = new HashMap<>();
                for (JsonNode line : lines) {
                  String event = line.get("event").asText();
                  if (event.equals("message") || event.equals("trade") || event.equals("quote")) {
                    state.put(line.get("key").asText(), line.get("value").asText());
                  } else if (event.equals("delete")) {
                    state.remove(line.get("key").asText());
                  }
                }
                return state.equals(expected);
              });
      assertThat(lines)
          .filteredOn(l -> l.get("event").asText().equals("batch"))
          .isNotEmpty()
          .allSatisfy(l -> assertThat(l.get("data").get("topic").asText()).isEqualTo(topic));
    } finally {
      response.body().close();
    }
  }

  @Test
  void severalTopicsEachConflatedAndExact() {
    String one = createTopic(KafkaTestSupport.uniqueTopic("conflate-one"), 2);
    String two = createTopic(KafkaTestSupport.uniqueTopic("conflate-two"), 1);
    produce(one, 0, 30);
    try (ConflatedClient client =
        ConflatedClient.open(
            streams + one + "," + two + "?conflate=250ms&format=envelope&from=earliest")) {
      await().atMost(TIMEOUT).failFast(client::failed).until(client::caughtUp);
      produce(two, 0, 30);
      produce(one, 30, 50);
      for (String topic : List.of(one, two)) {
        KeyedTopic log = KeyedTopic.read(KafkaBrokerResource.bootstrapServers(), topic);
        await()
            .atMost(TIMEOUT)
            .failFast(client::failed)
            .until(() -> client.state(topic).equals(log.state()));
        for (Point point : client.points()) {
          assertThat(point.state(topic)).isEqualTo(log.stateAt(point.id(), r -> true));
        }
      }
    }
  }

  @Test
  void aPatternStreamConflatesEveryTopicAndOneThatJoinsFromItsStart() {
    String prefix = KafkaTestSupport.uniqueTopic("conflate-pattern");
    String first = createTopic(prefix + ".first", 2);
    produce(first, 0, 30);
    try (ConflatedClient client =
        ConflatedClient.open(
            streams + prefix + ".*?conflate=250ms&format=envelope&from=earliest")) {
      await().atMost(TIMEOUT).failFast(client::failed).until(client::caughtUp);
      String late = createTopic(prefix + ".late", 1);
      produce(late, 0, 30);
      produce(first, 30, 40);
      for (String topic : List.of(first, late)) {
        KeyedTopic log = KeyedTopic.read(KafkaBrokerResource.bootstrapServers(), topic);
        await()
            .atMost(TIMEOUT)
            .failFast(client::failed)
            .until(() -> client.state(topic).equals(log.state()));
      }
      assertThat(client.repeatedInABatch()).isEmpty();
    }
  }

  @Test
  void fromSnapshotSendsTheSnapshotThenLiveBatches() {
    String topic = createTopic(KafkaTestSupport.uniqueTopic("conflate-snapshot"), 2);
    produce(topic, 0, 40);
    try (ConflatedClient client =
        ConflatedClient.open(streams + topic + "?conflate=250ms&format=envelope&from=snapshot")) {
      await().atMost(TIMEOUT).failFast(client::failed).until(client::caughtUp);
      KeyedTopic before = KeyedTopic.read(KafkaBrokerResource.bootstrapServers(), topic);
      assertThat(client.state(topic)).isEqualTo(before.state());
      produce(topic, 40, 80);
      KeyedTopic log = KeyedTopic.read(KafkaBrokerResource.bootstrapServers(), topic);
      await()
          .atMost(TIMEOUT)
          .failFast(client::failed)
          .until(() -> client.state(topic).equals(log.state()));
      for (Point point : client.points()) {
        assertThat(point.state(topic)).isEqualTo(log.stateAt(point.id(), r -> true));
      }
    }
  }
}
