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
import dev.streamgate.testing.PrometheusScrape;
import dev.streamgate.testing.StandInRegistryResource;
import dev.streamgate.testing.StreamTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A registry outage (the stand-in registry answering 503 to everything; no real registry runs
 * here): records whose schema is cached flow on without a request; a record of an id not cached
 * holds its topic's reader for {@code wait-for-registry} (order is kept), then becomes a {@code
 * decode-error} ({@code registry-unavailable}), and the records after it follow; once the registry
 * answers again the id decodes.
 */
@QuarkusTest
@TestProfile(StandInRegistryProfile.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(StandInRegistryResource.class)
class StandInRegistryOutageTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/streams/")
  URL streams;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @InjectKafka KafkaTestSupport kafka;

  @InjectRegistry ConfluentApiRegistryServer registry;

  @AfterEach
  void registryBack() {
    registry.failNext(0, 503);
  }

  private double metric(String name, String... labels) {
    return PrometheusScrape.of(metrics.toString()).sum(name, labels);
  }

  @Test
  void cachedSchemasFlowOnAndAnUncachedIdWaitsTheBoundThenTheRecordsAfterItFollow()
      throws Exception {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("standin-outage"), 1);
    int[] ids = StandInSchemas.registerQuotes(registry, topic);
    byte[] key = StandInSchemas.framedString(ids[0], "ACME");
    try (EventSourceClient client = EventSourceClient.open(streams + topic + "?from=latest")) {
      await().atMost(StreamTestSupport.TIMEOUT).until(() -> !client.data("caught-up").isEmpty());
      kafka.send(
          new ProducerRecord<>(topic, 0, key, StandInSchemas.framedQuote(ids[1], "ACME", 1, 0)));
      await().atMost(StreamTestSupport.TIMEOUT).until(() -> client.data("message").size() == 1);

      // the registry goes down: cached ids need it not
      int requests = registry.requests();
      registry.failNext(Integer.MAX_VALUE, 503);
      for (int seq = 1; seq <= 20; seq++) {
        kafka.send(
            new ProducerRecord<>(
                topic, 0, key, StandInSchemas.framedQuote(ids[1], "ACME", 1, seq)));
      }
      await().atMost(StreamTestSupport.TIMEOUT).until(() -> client.data("message").size() == 21);
      assertThat(registry.requests()).as("no request for cached ids").isEqualTo(requests);
      assertThat(metric("streamgate_registry_waiting")).isZero();

      // an id the pod never saw, while the registry is still down
      int unseen = registry.register(topic + "-value", null, StandInSchemas.STRING_KEY);
      long sent = System.nanoTime();
      kafka.send(new ProducerRecord<>(topic, 0, key, StandInSchemas.framedString(unseen, "new")));
      for (int seq = 21; seq <= 25; seq++) {
        kafka.send(
            new ProducerRecord<>(
                topic, 0, key, StandInSchemas.framedQuote(ids[1], "ACME", 1, seq)));
      }
      await()
          .atMost(StreamTestSupport.TIMEOUT)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> metric("streamgate_registry_waiting") == 1);
      assertThat(client.data("message"))
          .as("order kept: nothing passes the waiting record")
          .hasSize(21);
      await().atMost(StreamTestSupport.TIMEOUT).until(() -> !client.data("decode-error").isEmpty());
      long waitedMillis = Duration.ofNanos(System.nanoTime() - sent).toMillis();
      assertThat(waitedMillis)
          .as(
              "the record waited wait-for-registry ("
                  + StandInRegistryProfile.WAIT_FOR_REGISTRY
                  + ")")
          .isGreaterThanOrEqualTo(2_000);
      JsonNode error = JSON.readTree(client.data("decode-error").get(0));
      assertThat(error.get("reason").asText()).isEqualTo("registry-unavailable");
      assertThat(error.get("schemaId").asInt()).isEqualTo(unseen);
      assertThat(error.get("offset").asLong()).isEqualTo(21);
      await().atMost(StreamTestSupport.TIMEOUT).until(() -> client.data("message").size() == 26);
      List<Long> seqs = new ArrayList<>();
      for (String data : client.data("message")) {
        seqs.add(JSON.readTree(data).get("seq").asLong());
      }
      assertThat(seqs).as("every record once, in order").isEqualTo(range(0, 25));
      assertThat(
              metric(
                  "streamgate_decode_errors_total",
                  "topic",
                  topic,
                  "reason",
                  "registry-unavailable"))
          .isEqualTo(1.0);
      assertThat(metric("streamgate_registry_requests_total", "outcome", "unavailable"))
          .as("asked again within the wait")
          .isGreaterThanOrEqualTo(2.0);

      // the registry is back: the id decodes (an unavailable answer is never cached)
      registry.failNext(0, 503);
      kafka.send(new ProducerRecord<>(topic, 0, key, StandInSchemas.framedString(unseen, "back")));
      await().atMost(StreamTestSupport.TIMEOUT).until(() -> client.data("message").size() == 27);
      assertThat(client.data("message").get(26)).isEqualTo("\"back\"");
    }
  }

  private static List<Long> range(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      out.add(i);
    }
    return out;
  }
}
