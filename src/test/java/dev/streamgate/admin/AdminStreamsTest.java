package dev.streamgate.admin;

import static dev.streamgate.admin.AdminCalls.address;
import static dev.streamgate.admin.AdminCalls.client;
import static dev.streamgate.admin.AdminCalls.close;
import static dev.streamgate.admin.AdminCalls.reader;
import static dev.streamgate.admin.AdminCalls.streams;
import static dev.streamgate.testing.StreamTestSupport.TIMEOUT;
import static dev.streamgate.testing.StreamTestSupport.awaitEvent;
import static dev.streamgate.testing.StreamTestSupport.awaitRecords;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.security.HardenedProfile;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.PrometheusScrape;
import dev.streamgate.testing.SseStream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /admin/streams} and {@code DELETE /admin/streams?subject=} against the running service
 * (HardenedProfile: JWT on, admin role {@code streamgate-admin} in claim {@code roles}, the
 * defaults), with real tokens signed in the test, a real broker and real SSE clients.
 */
@QuarkusTest
@TestProfile(HardenedProfile.class)
@WithTestResource(KafkaBrokerResource.class)
class AdminStreamsTest {

  @TestHTTPResource("/")
  URL root;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @InjectKafka KafkaTestSupport kafka;

  private static Map<String, Object> only(List<Map<String, Object>> streams) {
    assertThat(streams).hasSize(1);
    return streams.get(0);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> partitions(Map<String, Object> stream) {
    return (List<Map<String, Object>>) stream.get("partitions");
  }

  private static long number(Map<String, Object> stream, String field) {
    return ((Number) stream.get(field)).longValue();
  }

  /** Listed filters as JSON gives them back (a null selection is listed as null). */
  private static Map<String, Object> filters(
      List<String> keys, List<String> types, String selection) {
    Map<String, Object> filters = new java.util.HashMap<>();
    filters.put("keys", keys);
    filters.put("types", types);
    filters.put("selection", selection);
    return filters;
  }

  /** A listed partition as JSON gives it back (small numbers are Integers). */
  private static Map<String, Object> partition(String topic, int p, int position, int head) {
    return Map.of(
        "topic", topic, "partition", p, "position", position, "head", head, "lag", head - position);
  }

  @Test
  void theListingShowsWhoIsConnectedWhatTheyReadAndHowFarTheyAre() {
    String a = kafka.createTopic(KafkaTestSupport.uniqueTopic("sec-adm-a"), 2);
    String b = kafka.createTopic(KafkaTestSupport.uniqueTopic("sec-adm-b"), 1);
    kafka.fill(a, 2, 2, "before");
    String aliceAt = address();
    String bobAt = address();
    Instant before = Instant.now();
    try (SseStream alice =
            SseStream.open(
                root + "streams/" + a + "?from=earliest&format=envelope",
                client(reader("alice"), aliceAt));
        SseStream bob =
            SseStream.open(
                root + "streams/" + a + "," + b + "?key=k1&type=t1&filter=partition%20%3E=%200",
                client(reader("bob"), bobAt))) {
      assertThat(alice.status()).isEqualTo(200);
      assertThat(bob.status()).isEqualTo(200);
      awaitRecords(alice, 4);
      awaitEvent(bob, "caught-up");

      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                Map<String, Object> seen = only(streams("alice", List.of(a)));
                assertThat(seen)
                    .containsEntry("address", aliceAt)
                    .containsEntry("format", "envelope")
                    .containsEntry("filters", filters(List.of(), List.of(), null))
                    .containsEntry("events", 4);
                assertThat(partitions(seen))
                    .containsExactly(partition(a, 0, 2, 2), partition(a, 1, 2, 2));
              });
      Map<String, Object> alice1 = only(streams("alice", List.of(a)));
      Map<String, Object> bob1 = only(streams("bob", List.of(a, b)));
      assertThat((String) alice1.get("id")).matches("[A-Za-z0-9_-]{12}");
      assertThat(Instant.parse((String) alice1.get("openedAt"))).isBetween(before, Instant.now());
      assertThat(number(alice1, "bytes")).isPositive();
      assertThat(bob1)
          .containsEntry("address", bobAt)
          .containsEntry("format", "raw")
          .containsEntry("filters", filters(List.of("k1"), List.of("t1"), "(partition >= 0)"))
          .containsEntry("events", 0);
      assertThat(partitions(bob1))
          .containsExactly(partition(a, 0, 2, 2), partition(a, 1, 2, 2), partition(b, 0, 0, 0));
      assertThat(bob1.get("id")).isNotEqualTo(alice1.get("id"));

      kafka.fill(a, 2, 3, "after");
      ProducerRecord<byte[], byte[]> typed =
          new ProducerRecord<>(
              b, 0, "k1".getBytes(StandardCharsets.UTF_8), "t".getBytes(StandardCharsets.UTF_8));
      typed.headers().add(new RecordHeader("ce_type", "t1".getBytes(StandardCharsets.UTF_8)));
      kafka.send(typed);
      awaitRecords(alice, 10);
      await().atMost(TIMEOUT).until(() -> !bob.events("t1").isEmpty());

      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> {
                Map<String, Object> alice2 = only(streams("alice", List.of(a)));
                Map<String, Object> bob2 = only(streams("bob", List.of(a, b)));
                assertThat(alice2.get("id")).isEqualTo(alice1.get("id"));
                assertThat(number(alice2, "events")).isEqualTo(10);
                assertThat(number(alice2, "bytes")).isGreaterThan(number(alice1, "bytes"));
                assertThat(partitions(alice2))
                    .containsExactly(partition(a, 0, 5, 5), partition(a, 1, 5, 5));
                assertThat(number(bob2, "events")).isEqualTo(1);
                assertThat(number(bob2, "bytes")).isGreaterThan(number(bob1, "bytes"));
                assertThat(partitions(bob2))
                    .as("filtered records move the position too")
                    .containsExactly(
                        partition(a, 0, 5, 5), partition(a, 1, 5, 5), partition(b, 0, 1, 1));
              });
    }
    await().atMost(TIMEOUT).until(() -> streams("alice", List.of(a)).isEmpty());
  }

  @Test
  void closingASubjectsStreamsClosesThoseOnlyEachAfterARevokedEvent() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("sec-adm-subject"), 2);
    String url = root + "streams/" + topic + "?format=envelope";
    PrometheusScrape before = PrometheusScrape.of(metrics.toString());
    try (SseStream dave1 = SseStream.open(url, client(reader("dave"), address()));
        SseStream dave2 = SseStream.open(url, client(reader("dave"), address()));
        SseStream erin = SseStream.open(url, client(reader("erin"), address()))) {
      for (SseStream stream : List.of(dave1, dave2, erin)) {
        assertThat(stream.status()).isEqualTo(200);
        awaitEvent(stream, "caught-up");
      }
      kafka.fill(topic, 2, 1, "one");
      awaitRecords(dave1, 2);
      awaitRecords(dave2, 2);
      await().atMost(TIMEOUT).until(() -> streams("dave", List.of(topic)).size() == 2);

      assertThat(close("/admin/streams?subject=dave&reason=offboarded")).isEqualTo(2);

      for (SseStream dave : List.of(dave1, dave2)) {
        await().atMost(TIMEOUT).until(dave::ended);
        assertThat(dave.events("revoked")).singleElement();
        var revoked = dave.events("revoked").get(0);
        assertThat(dave.events()).last().isEqualTo(revoked);
        assertThat(revoked.data())
            .contains("\"reason\":\"offboarded\"")
            .contains("\"id\":\"" + revoked.lastEventId() + "\"");
        assertThat(dave.lastEventId()).isEqualTo(revoked.lastEventId());
      }
      assertThat(streams("dave", List.of(topic))).isEmpty();
      assertThat(close("/admin/streams?subject=nobody")).isZero();

      kafka.fill(topic, 2, 1, "two");
      awaitRecords(erin, 4);
      assertThat(erin.ended()).isFalse();
      assertThat(erin.events("revoked")).isEmpty();
      assertThat(streams("erin", List.of(topic))).hasSize(1);
    }
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(
                        PrometheusScrape.of(metrics.toString())
                            .sum("streamgate_streams_closed_total", "reason", "revoked"))
                    .isEqualTo(
                        before.sum("streamgate_streams_closed_total", "reason", "revoked") + 2));
  }

  @Test
  void aSubjectIsRequiredAndAReasonMustBeAToken() {
    given()
        .header("Authorization", "Bearer " + AdminCalls.admin())
        .delete("/admin/streams")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("title", org.hamcrest.Matchers.equalTo("No subject"));
    given()
        .header("Authorization", "Bearer " + AdminCalls.admin())
        .queryParam("subject", "dave")
        .queryParam("reason", "line\nbreak")
        .delete("/admin/streams")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("title", org.hamcrest.Matchers.equalTo("Invalid reason"));
  }
}
