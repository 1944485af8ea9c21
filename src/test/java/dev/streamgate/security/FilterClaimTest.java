package dev.streamgate.security;

import static dev.streamgate.testing.StreamTestSupport.awaitEvent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.testing.EventSourceClient;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.SseParser;
import dev.streamgate.testing.SseStream;
import dev.streamgate.testing.StreamTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Filters bound to the caller (issue 16 item 6): a token's {@code sg_filter} claim, signed in the
 * test with the test's own keys, is ANDed with every stream's own filter, through a ticket too; no
 * request filter widens it; a bad claim is 403; and a topic's distinct selections are bounded.
 */
@QuarkusTest
@TestProfile(FilterClaimProfile.class)
@WithTestResource(KafkaBrokerResource.class)
class FilterClaimTest {

  static final String ACME = "value.tenant == \"acme\"";

  @TestHTTPResource("/streams/")
  URL streams;

  @InjectKafka KafkaTestSupport kafka;
  static String topic;

  @BeforeEach
  void fillSharedTopicOnce() {
    if (topic == null) {
      topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("claim-rows"), 2);
      for (int n = 0; n < 6; n++) {
        kafka.send(topic, n % 2, "acme-" + n, row("acme", n));
        kafka.send(topic, n % 2, "globex-" + n, row("globex", n));
      }
    }
  }

  static String row(String tenant, int n) {
    return "{\"tenant\":\"" + tenant + "\",\"n\":" + n + "}";
  }

  static String token(Object filterClaim) {
    var claims = TestTokens.claims(List.of("claim-*"), List.of());
    if (filterClaim != null) {
      claims = claims.claim(FilterClaimProfile.CLAIM, filterClaim);
    }
    return TestTokens.sign(claims);
  }

  static String url(String path, String filter) {
    return path
        + "?from=earliest"
        + (filter == null ? "" : "&filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
  }

  /** The rows a real client (okhttp-eventsource, bearer header) gets up to the head. */
  private List<String> rows(String token, String filter) {
    try (EventSourceClient client =
        EventSourceClient.open(
            url(streams + topic, filter), Map.of("Authorization", "Bearer " + token))) {
      await()
          .atMost(StreamTestSupport.TIMEOUT)
          .failFast("the reader thread failed", client::failed)
          .until(() -> !client.data("caught-up").isEmpty());
      return client.data("message").stream().sorted().toList();
    }
  }

  private static List<String> acme(int... ns) {
    return java.util.Arrays.stream(ns).mapToObj(n -> row("acme", n)).sorted().toList();
  }

  @Test
  void aTenantGetsOnlyItsRowsWhateverItsRequestFilterSays() {
    String acme = token(ACME);
    assertThat(rows(acme, null)).isEqualTo(acme(0, 1, 2, 3, 4, 5));
    // a request cannot widen the claim: it is ANDed, each part compiled on its own
    assertThat(rows(acme, "true || value.tenant == \"globex\"")).isEqualTo(acme(0, 1, 2, 3, 4, 5));
    assertThat(rows(acme, "value.tenant == \"globex\"")).isEmpty();
    assertThat(rows(acme, "!(" + ACME + ")")).isEmpty();
    // it can narrow it
    assertThat(rows(acme, "value.n > 2")).isEqualTo(acme(3, 4, 5));
    // a token without the claim has no caller filter
    assertThat(rows(token(null), "value.n == 0"))
        .containsExactlyInAnyOrder(row("acme", 0), row("globex", 0));
  }

  @Test
  void textThatWouldBreakOutOfTheClaimIsRefusedAlone() {
    for (String breakout : List.of("true) || (true", "true)) || ((true")) {
      try (SseStream refused =
          SseStream.open(
              url(streams + topic, breakout), Map.of("Authorization", "Bearer " + token(ACME)))) {
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("Invalid filter");
      }
    }
  }

  @Test
  void aTicketCarriesTheCallersFilterSoItCannotBeUsedToDropIt() {
    String ticket =
        given()
            .contentType("application/json")
            .header("Authorization", "Bearer " + token(ACME))
            .body("{\"topics\":[\"" + topic + "\"]}")
            .post("/tickets")
            .then()
            .statusCode(201)
            .extract()
            .path("ticket");
    String url = url(streams + topic, "true || value.tenant == \"globex\"") + "&ticket=" + ticket;
    try (SseStream stream = SseStream.open(url)) {
      assertThat(stream.status()).isEqualTo(200);
      awaitEvent(stream, "caught-up");
      assertThat(stream.events("message").stream().map(SseParser.SseEvent::data).sorted())
          .isEqualTo(acme(0, 1, 2, 3, 4, 5));
    }
  }

  @Test
  void aClaimThatIsNotAValidFilterIs403AndABadRequestFilterIs400BeforeAnyToken() {
    for (Object bad : List.of("value.tenant ==", "tenant == 'acme'", List.of(ACME), "  ")) {
      try (SseStream refused =
          SseStream.open(
              url(streams + topic, null), Map.of("Authorization", "Bearer " + token(bad)))) {
        assertThat(refused.status()).as("%s", bad).isEqualTo(403);
        assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(refused.body())
            .contains("Caller filter refused")
            .doesNotContain("tenant"); // the claim's text is the issuer's, not echoed
      }
    }
    try (SseStream refused =
        SseStream.open(
            url(streams + topic, "value.tenant =="), Map.of("Authorization", "Bearer forged"))) {
      assertThat(refused.status()).isEqualTo(400);
    }
  }

  @Test
  void aTopicServesABoundedNumberOfDistinctSelections() {
    String bounded = kafka.createTopic(KafkaTestSupport.uniqueTopic("claim-bounded"), 1);
    Map<String, String> auth = Map.of("Authorization", "Bearer " + token(null));
    try (SseStream a = SseStream.open(url(streams + bounded, "offset >= 0"), auth);
        SseStream b = SseStream.open(url(streams + bounded, "offset >= 1"), auth)) {
      assertThat(a.status()).isEqualTo(200);
      assertThat(b.status()).isEqualTo(200);
      try (SseStream c = SseStream.open(url(streams + bounded, "offset >= 2"), auth)) {
        assertThat(c.status()).isEqualTo(503);
        assertThat(c.header("Retry-After")).isEqualTo("5");
        assertThat(c.body()).contains("Too many filters");
      }
      // the same selection spelt otherwise joins its group
      try (SseStream again = SseStream.open(url(streams + bounded, "(offset>=0)"), auth)) {
        assertThat(again.status()).isEqualTo(200);
      }
      // and other topics are not affected
      try (SseStream other = SseStream.open(url(streams + topic, "offset >= 2"), auth)) {
        assertThat(other.status()).isEqualTo(200);
      }
    }
    // once the streams of a selection are gone, its place is free
    await()
        .atMost(StreamTestSupport.TIMEOUT)
        .until(
            () -> {
              try (SseStream c = SseStream.open(url(streams + bounded, "offset >= 2"), auth)) {
                return c.status() == 200;
              }
            });
  }
}
