package dev.streamgate.stream.conflate;

import static dev.streamgate.testing.StreamTestSupport.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.stream.conflate.ConflatedClient.Point;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Conflated streams ({@code conflate=250ms}) read by a real SSE client against a real broker: the
 * rate a screen can use and the topic's state at the end; a drop inside a batch resumed exactly; a
 * catch-up that is the state, not the history; a tombstone within a window; the 400s. At every
 * batch end and at {@code caught-up} the client's map is checked against the fold of the topic up
 * to the event's id.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class ConflatedStreamTest {

  @TestHTTPResource("/streams/")
  URL streams;

  @InjectKafka KafkaTestSupport kafka;

  private static void assertEveryPointExact(ConflatedClient client, String topic) {
    KeyedTopic log = KeyedTopic.read(KafkaBrokerResource.bootstrapServers(), topic);
    List<Point> points = client.points();
    assertThat(points).isNotEmpty();
    for (Point point : points) {
      assertThat(point.state(topic))
          .as("the map at %s %s", point.event(), point.id())
          .isEqualTo(log.stateAt(point.id(), r -> true));
    }
  }

  private static void awaitState(ConflatedClient client, String topic) {
    await()
        .atMost(TIMEOUT)
        .failFast(client::failed)
        .until(
            () ->
                client
                    .state(topic)
                    .equals(
                        KeyedTopic.read(KafkaBrokerResource.bootstrapServers(), topic).state()));
  }

  @Test
  void hundredKeysAt2000ASecondComeInAtMostFourBatchesASecondAndEndAtTheTopicsState() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("conflate-rate"), 3);
    try (ConflatedClient client =
            ConflatedClient.open(streams + topic + "?conflate=250ms&format=envelope");
        KeyedLoad load = new KeyedLoad(KafkaBrokerResource.bootstrapServers(), topic, 3, 100, 0)) {
      await().atMost(TIMEOUT).failFast(client::failed).until(client::caughtUp);
      load.start(2000, 6000);
      await().atMost(TIMEOUT).until(load::done);
      awaitState(client, topic);
      assertThat(load.failed()).isZero();
      List<Point> batches =
          client.points().stream().filter(p -> p.event().equals("batch")).toList();
      double seconds = (batches.get(batches.size() - 1).atNanos() - batches.get(0).atNanos()) / 1e9;
      // 6,000 records in 3 s on a 250 ms grid: about 12 batches, each at most one event per key
      assertThat(batches.size()).isLessThanOrEqualTo((int) Math.ceil(seconds * 4) + 1);
      assertThat(batches).allSatisfy(b -> assertThat(b.events()).isBetween(1, 100));
      assertThat(client.repeatedInABatch()).isEmpty();
      assertThat(client.records()).isLessThan(6000 / 3);
      assertEveryPointExact(client, topic);
    }
  }

  @Test
  void aDropInsideABatchResumesExactly() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("conflate-drop"), 3);
    try (ConflatedClient client =
            ConflatedClient.open(streams + topic + "?conflate=250ms&format=envelope");
        KeyedLoad load = new KeyedLoad(KafkaBrokerResource.bootstrapServers(), topic, 3, 100, 7)) {
      await().atMost(TIMEOUT).failFast(client::failed).until(client::caughtUp);
      client.dropInsideABatchAfter(20);
      load.start(2000, 6000);
      await().atMost(TIMEOUT).until(load::done);
      awaitState(client, topic);
      assertThat(client.droppedAt()).isNotNull();
      assertThat(client.opens()).isEqualTo(2);
      assertThat(client.points())
          .extracting(Point::id)
          .doesNotContain(client.droppedAt()); // the drop's id was not a batch end
      assertEveryPointExact(client, topic);
    }
  }

  @Test
  void aCatchUpAfter100000RecordsIsOneValuePerKey() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("conflate-catch-up"), 3);
    try (KeyedLoad load = new KeyedLoad(KafkaBrokerResource.bootstrapServers(), topic, 3, 100, 0)) {
      load.burst(100_000);
    }
    try (ConflatedClient client =
        ConflatedClient.open(streams + topic + "?conflate=250ms&format=envelope&from=earliest")) {
      await().atMost(TIMEOUT).failFast(client::failed).until(client::caughtUp);
      assertThat(client.beforeCaughtUp()).hasSize(100).allSatisfy((k, n) -> assertThat(n).isOne());
      Point caughtUp = client.points().get(client.points().size() - 1);
      assertThat(caughtUp.event()).isEqualTo("caught-up");
      assertThat(caughtUp.state(topic))
          .isEqualTo(KeyedTopic.read(KafkaBrokerResource.bootstrapServers(), topic).state());
      assertEveryPointExact(client, topic);
    }
  }

  @Test
  void aTombstoneWithinAWindowIsADelete() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("conflate-tombstone"), 1);
    kafka.send(topic, 0, "gone", "{\"v\":1}");
    kafka.send(topic, 0, "kept", "{\"v\":1}");
    try (ConflatedClient client =
        ConflatedClient.open(streams + topic + "?conflate=1s&format=envelope&from=earliest")) {
      await().atMost(TIMEOUT).failFast(client::failed).until(client::caughtUp);
      assertThat(client.state(topic)).containsOnlyKeys("gone", "kept");
      int before = client.records();
      // one transaction: a read-committed reader gets both in one poll, so in one window
      transaction(topic, "gone", "{\"v\":2}", "gone", null, "kept", "{\"v\":2}");
      await()
          .atMost(TIMEOUT)
          .failFast(client::failed)
          .until(() -> client.state(topic).equals(Map.of("kept", "{\"v\":2}")));
      assertThat(client.records() - before).isEqualTo(2); // gone's delete, kept's value
      assertEveryPointExact(client, topic);
    }
  }

  @Test
  void aWindowOutside50msTo60sIsAProblem() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (String window : List.of("10ms", "61s", "fast", "250")) {
      HttpResponse<String> answer =
          http.send(
              HttpRequest.newBuilder(URI.create(streams + "t?conflate=" + window)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(400);
      assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(answer.body()).contains("Invalid conflate").contains("50ms to 60s");
    }
  }

  /** Sends key/value pairs in one committed transaction (a null value is a tombstone). */
  private static void transaction(String topic, String... keysAndValues) {
    Properties props = new Properties();
    props.put("bootstrap.servers", KafkaBrokerResource.bootstrapServers());
    props.put("transactional.id", "conflate-" + UUID.randomUUID());
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    try (KafkaProducer<byte[], byte[]> tx = new KafkaProducer<>(props)) {
      tx.initTransactions();
      tx.beginTransaction();
      for (int i = 0; i < keysAndValues.length; i += 2) {
        String value = keysAndValues[i + 1];
        tx.send(
            new ProducerRecord<>(
                topic,
                0,
                keysAndValues[i].getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
      }
      tx.commitTransaction();
    }
  }
}
