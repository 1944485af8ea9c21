package dev.streamgate.stream.open;

import static dev.streamgate.testing.StreamTestSupport.TIMEOUT;
import static dev.streamgate.testing.StreamTestSupport.awaitEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.EventSource;
import dev.streamgate.testing.EventSourceClient;
import dev.streamgate.testing.EventSourceReader;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.PrometheusScrape;
import dev.streamgate.testing.SseParser.SseEvent;
import dev.streamgate.testing.SseStream;
import dev.streamgate.testing.StreamTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code from=snapshot}: the latest record of every key as of P, {@code caught-up}, then live from
 * P; tombstones as {@code delete}; snapshot ids that redo the snapshot; one table per topic.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class StreamSnapshotTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/streams/")
  URL streams;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @InjectKafka KafkaTestSupport kafka;

  /** Keys a..e over two partitions, three versions each; c deleted; keyless records between. */
  private String keyedTopic(String name) {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic(name), 2);
    for (int version = 1; version <= 3; version++) {
      for (String key : List.of("a", "b", "c", "d", "e")) {
        kafka.send(topic, partition(key), key, "{\"key\":\"" + key + "\",\"v\":" + version + "}");
      }
      kafka.send(topic, version % 2, null, "keyless-" + version);
    }
    kafka.send(topic, partition("c"), "c", null);
    return topic;
  }

  private static int partition(String key) {
    return key.charAt(0) % 2;
  }

  /**
   * The state a page holds at caught-up: the snapshot's records (ids of P marked in snapshot), then
   * the live records between P and the head the stream saw at open (ordinary ids), folded by key.
   */
  private static Map<String, JsonNode> snapshotOf(List<SseEvent> events) throws Exception {
    Map<String, JsonNode> state = new TreeMap<>();
    boolean in = false;
    boolean live = false;
    for (SseEvent event : events) {
      if (event.type().equals("snapshot")) {
        in = true;
        state.clear();
      } else if (event.type().equals("caught-up")) {
        return state;
      } else if (in) {
        live |= !event.lastEventId().startsWith("s");
        assertThat(event.lastEventId()).startsWith(live ? "1" : "s");
        assertThat(event.type()).isEqualTo(live ? event.type() : "message");
        JsonNode envelope = JSON.readTree(event.data());
        if (event.type().equals("delete")) {
          state.remove(envelope.get("key").asText());
        } else {
          state.put(envelope.get("key").asText(), envelope);
        }
      }
    }
    throw new AssertionError("no complete snapshot in " + events);
  }

  private static Map<String, Integer> versions(Map<String, JsonNode> state) throws Exception {
    Map<String, Integer> versions = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : state.entrySet()) {
      versions.put(e.getKey(), JSON.readTree(e.getValue().get("value").asText()).get("v").asInt());
    }
    return versions;
  }

  @Test
  void theLatestOfEveryKeyThenCaughtUpThenLiveWithDeletes() throws Exception {
    String topic = keyedTopic("snap");
    String url = streams + topic + "?from=snapshot&format=envelope";
    String lastId;
    try (SseStream stream = SseStream.open(url)) {
      SseEvent caughtUp = awaitEvent(stream, "caught-up");
      List<SseEvent> events = stream.events();
      assertThat(events.get(0).type()).isEqualTo("stream-info");
      assertThat(events.get(0).lastEventId()).startsWith("s");
      assertThat(events.get(1).type()).isEqualTo("snapshot");
      assertThat(JSON.readTree(events.get(1).data()).get("keys").get(topic).asInt()).isEqualTo(4);
      assertThat(versions(snapshotOf(events))).isEqualTo(Map.of("a", 3, "b", 3, "d", 3, "e", 3));
      assertThat(caughtUp.lastEventId()).startsWith("1");

      kafka.send(topic, partition("a"), "a", "{\"key\":\"a\",\"v\":4}");
      kafka.send(topic, partition("b"), "b", null);
      SseEvent delete = awaitEvent(stream, "delete");
      JsonNode envelope = JSON.readTree(delete.data());
      assertThat(envelope.get("key").asText()).isEqualTo("b");
      assertThat(envelope.get("value").isNull()).isTrue();
      List<SseEvent> live = stream.events().subList(events.size(), stream.events().size());
      assertThat(live).extracting(SseEvent::type).containsExactly("message", "delete");
      assertThat(live.get(0).data()).contains("\\\"v\\\":4");
      lastId = delete.lastEventId();
    }
    // A reconnect after the snapshot resumes from its id: no second snapshot, exactly the rest.
    kafka.send(topic, partition("d"), "d", "{\"key\":\"d\",\"v\":4}");
    try (SseStream resumed = StreamTestSupport.resume(url, lastId)) {
      SseEvent record = awaitEvent(resumed, "message");
      assertThat(JSON.readTree(record.data()).get("key").asText()).isEqualTo("d");
      awaitEvent(resumed, "caught-up");
      assertThat(resumed.events()).extracting(SseEvent::type).doesNotContain("snapshot", "delete");
      assertThat(resumed.events("message")).hasSize(1);
    }
  }

  @Test
  void aTombstoneIsADeleteEventWithTheKeyInRawFormatInEveryStartMode() {
    String topic = keyedTopic("raw-delete");
    for (String from : List.of("snapshot", "latest")) {
      try (SseStream stream = SseStream.open(streams + topic + "?from=" + from)) {
        awaitEvent(stream, "caught-up");
        kafka.send(topic, partition("e"), "e", null);
        kafka.send(topic, partition("d"), "d", "");
        assertThat(awaitEvent(stream, "delete").data()).isEqualTo("e");
        if (from.equals("snapshot")) {
          assertThat(stream.events("message"))
              .extracting(SseEvent::data)
              .contains("{\"key\":\"a\",\"v\":3}");
        }
      }
      kafka.send(topic, partition("e"), "e", "{\"key\":\"e\",\"v\":9}");
    }
  }

  @Test
  void aReconnectWithASnapshotIdGetsAWholeNewSnapshot() throws Exception {
    String topic = keyedTopic("redo");
    String url = streams + topic + "?from=snapshot&format=envelope";
    String snapshotId;
    try (SseStream stream = SseStream.open(url)) {
      awaitEvent(stream, "caught-up");
      // the id of a snapshot event: what a client that dropped during the snapshot holds
      snapshotId = stream.events("message").get(1).lastEventId();
    }
    assertThat(snapshotId).startsWith("s");
    kafka.send(topic, partition("a"), "a", null);
    kafka.send(topic, partition("d"), "d", "{\"key\":\"d\",\"v\":7}");
    kafka.send(topic, partition("c"), "c", "{\"key\":\"c\",\"v\":7}");
    try (EventSourceClient client = EventSourceClient.open(url + "&lastEventId=" + snapshotId)) {
      await().atMost(TIMEOUT).until(() -> !client.data("caught-up").isEmpty());
      List<SseEvent> events = new ArrayList<>();
      client.received().forEach(r -> events.add(new SseEvent(r.id(), r.event(), r.data())));
      assertThat(events).extracting(SseEvent::type).contains("snapshot");
      assertThat(versions(snapshotOf(events))).isEqualTo(Map.of("b", 3, "c", 7, "d", 7, "e", 3));
      assertThat(client.lastEventId()).startsWith("1");
      int seen = client.data("message").size();
      kafka.send(topic, partition("b"), "b", "{\"key\":\"b\",\"v\":8}");
      await().atMost(TIMEOUT).until(() -> client.data("message").size() == seen + 1);
      // The real client drops and resumes from its live id: no second snapshot.
      client.interrupt();
      kafka.send(topic, partition("e"), "e", "{\"key\":\"e\",\"v\":8}");
      await().atMost(TIMEOUT).until(() -> client.data("message").size() >= seen + 2);
      assertThat(client.data("message")).hasSize(seen + 2);
      assertThat(client.data("snapshot")).hasSize(1);
      assertThat(client.data("message").get(seen + 1)).contains("\"key\":\"e\"");
    }
  }

  /**
   * A real client (okhttp-eventsource) drops after 50 of the snapshot's 500 records, while the rest
   * of the snapshot is still on its way: it reconnects by itself with the snapshot id it holds,
   * gets a whole new snapshot (announced by a second {@code snapshot} event) and so the correct
   * state at {@code caught-up}, then every live record once.
   */
  @Test
  void aRealClientThatDropsInTheMiddleOfTheSnapshotGetsTheWholeStateAgain() throws Exception {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("mid-snapshot"), 2);
    Map<String, Integer> expected = new TreeMap<>();
    for (int version = 1; version <= 2; version++) {
      for (int k = 0; k < (version == 1 ? 500 : 100); k++) {
        String key = String.format("k%03d", k);
        kafka.send(topic, k % 2, key, "{\"key\":\"" + key + "\",\"v\":" + version + "}");
        expected.put(key, version);
      }
    }
    String url = streams + topic + "?from=snapshot&format=envelope";
    List<SseEvent> events = new CopyOnWriteArrayList<>();
    List<String> idsAtDrop = new CopyOnWriteArrayList<>();
    EventSource source =
        new EventSource.Builder(ConnectStrategy.http(URI.create(url)))
            .retryDelay(100, TimeUnit.MILLISECONDS)
            .build();
    try (EventSourceReader reader =
        EventSourceReader.start(
            source,
            m -> {
              events.add(new SseEvent(m.getLastEventId(), m.getEventName(), m.getData()));
              if (idsAtDrop.isEmpty()
                  && events.stream().filter(e -> e.type().equals("message")).count() == 50) {
                idsAtDrop.add(m.getLastEventId());
                source.interrupt(); // the next read reconnects, with this id
              }
            })) {
      await()
          .atMost(TIMEOUT)
          .until(
              () -> reader.failed() || events.stream().anyMatch(e -> e.type().equals("caught-up")));
      assertThat(reader.failures()).isEmpty();
      assertThat(idsAtDrop).singleElement().asString().startsWith("s");
      assertThat(events.stream().filter(e -> e.type().equals("snapshot")))
          .as("the reconnect got a new snapshot")
          .hasSize(2);
      assertThat(events.stream().filter(e -> e.type().equals("message")).count())
          .as("50 before the drop, then all 500 keys once")
          .isEqualTo(550);
      int reconnected = 0;
      for (int i = 0; i < events.size(); i++) {
        if (events.get(i).type().equals("stream-info")) {
          reconnected = i;
        }
      }
      assertThat(reconnected).as("the reconnect's stream-info").isPositive();
      assertThat(versions(snapshotOf(events.subList(reconnected, events.size()))))
          .isEqualTo(expected);
      kafka.send(topic, 1, "k001", "{\"key\":\"k001\",\"v\":3}");
      await()
          .atMost(TIMEOUT)
          .until(() -> events.stream().filter(e -> e.type().equals("message")).count() == 551);
      SseEvent live = events.get(events.size() - 1);
      assertThat(live.lastEventId()).startsWith("1");
      JsonNode envelope = JSON.readTree(live.data());
      assertThat(envelope.get("key").asText()).isEqualTo("k001");
      assertThat(JSON.readTree(envelope.get("value").asText()).get("v").asInt()).isEqualTo(3);
    } finally {
      source.close();
    }
  }

  @Test
  void manyConcurrentSnapshotClientsShareOneTableBuiltByOneRead() throws Exception {
    String topic = keyedTopic("shared");
    String url = streams + topic + "?from=snapshot&format=envelope";
    List<SseStream> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        clients.add(SseStream.open(url));
      }
      for (SseStream client : clients) {
        awaitEvent(client, "caught-up");
        assertThat(snapshotOf(client.events()).keySet()).containsExactly("a", "b", "d", "e");
      }
      PrometheusScrape scrape = PrometheusScrape.of(metrics.toString());
      assertThat(
              scrape.value("streamgate_snapshot_builds_total", "topic", topic, "outcome", "built"))
          .isEqualTo(1.0);
      // one read of the topic: 19 records below P, not 20 x 19
      assertThat(scrape.value("streamgate_snapshot_build_records_total", "topic", topic))
          .isEqualTo(19.0);
      assertThat(scrape.value("streamgate_snapshot_tables")).isGreaterThanOrEqualTo(1.0);
      assertThat(scrape.value("streamgate_snapshot_keys")).isGreaterThanOrEqualTo(4.0);
    } finally {
      clients.forEach(SseStream::close);
    }
  }

  @Test
  void aTopicAboveTheByteBoundIsRefusedBeforeTheStream() throws Exception {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("huge"), 1);
    String big = "x".repeat(200_000);
    for (int i = 0; i < 6; i++) {
      kafka.send(topic, 0, "k" + i, big);
    }
    try (SseStream stream = SseStream.open(streams + topic + "?from=snapshot")) {
      assertThat(stream.status()).isEqualTo(503);
      assertThat(stream.header("Content-Type")).startsWith("application/problem+json");
      JsonNode problem = JSON.readTree(stream.body());
      assertThat(problem.get("title").asText()).isEqualTo("Snapshot too large");
      assertThat(problem.get("detail").asText()).contains("1048576 bytes").contains("from=latest");
    }
    try (SseStream latest = SseStream.open(streams + topic)) {
      assertThat(latest.status()).isEqualTo(200);
    }
  }

  @Test
  void filtersAndProjectionApplyToTheSnapshot() throws Exception {
    String topic = keyedTopic("filtered");
    String base = streams + topic + "?from=snapshot&format=envelope";
    try (SseStream keys = SseStream.open(base + "&key=a&key=c&key=d")) {
      awaitEvent(keys, "caught-up");
      assertThat(snapshotOf(keys.events()).keySet()).containsExactly("a", "d");
    }
    String cel = java.net.URLEncoder.encode("key == \"e\" && value.v == 3", "UTF-8");
    try (SseStream filtered = SseStream.open(base + "&filter=" + cel + "&fields=v")) {
      awaitEvent(filtered, "caught-up");
      Map<String, JsonNode> state = snapshotOf(filtered.events());
      assertThat(state.keySet()).containsExactly("e");
      assertThat(JSON.readTree(state.get("e").get("value").asText()))
          .isEqualTo(JSON.readTree("{\"v\":3}"));
    }
  }

  @Test
  void ndjsonSnapshotsAreLinesWithSnapshotIdsAndDeleteEvents() throws Exception {
    String topic = keyedTopic("ndjson-snap");
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(streams + topic + "?from=snapshot"))
            .header("Accept", "application/x-ndjson")
            .build();
    HttpResponse<InputStream> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
    List<JsonNode> lines = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      boolean caughtUp = false;
      String line;
      while ((line = reader.readLine()) != null) {
        JsonNode node = JSON.readTree(line);
        lines.add(node);
        if (node.get("event").asText().equals("caught-up")) {
          caughtUp = true;
          kafka.send(topic, partition("a"), "a", null);
        } else if (caughtUp && node.get("event").asText().equals("delete")) {
          break;
        }
      }
    }
    assertThat(lines)
        .extracting(n -> n.get("event").asText())
        .containsExactly(
            "stream-info",
            "snapshot",
            "message",
            "message",
            "message",
            "message",
            "caught-up",
            "delete");
    assertThat(lines.subList(0, 6)).allMatch(n -> n.get("id").asText().startsWith("s"));
    assertThat(lines.subList(2, 6))
        .extracting(n -> n.get("key").asText())
        .containsExactlyInAnyOrder("a", "b", "d", "e");
    JsonNode delete = lines.get(7);
    assertThat(delete.get("id").asText()).startsWith("1");
    assertThat(delete.get("key").asText()).isEqualTo("a");
    assertThat(delete.get("value").isNull()).isTrue();
  }
}
