package dev.streamgate.security;

import static dev.streamgate.testing.StreamTestSupport.awaitEvent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.SseStream;
import dev.streamgate.testing.StreamTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stream tickets against the running service (HardenedProfile: JWT and tickets on, ttl 30 s): a
 * bearer token exchanged at {@code POST /tickets} for a ticket that opens its topics once, and
 * every way a ticket is refused, each as problem JSON before any stream byte.
 */
@QuarkusTest
@TestProfile(HardenedProfile.class)
@WithTestResource(KafkaBrokerResource.class)
class TicketTest {

  @TestHTTPResource("/")
  URL root;

  @InjectKafka KafkaTestSupport kafka;
  static String topicA;
  static String topicB;

  @BeforeEach
  void createTopicsOnce() {
    if (topicA == null) {
      topicA = kafka.createTopic(KafkaTestSupport.uniqueTopic("sec-ticket-a"), 1);
      topicB = kafka.createTopic(KafkaTestSupport.uniqueTopic("sec-ticket-b"), 1);
      kafka.send(topicA, 0, "k", "record-of-a");
    }
  }

  static Response post(String token, String body) {
    var request = given().contentType("application/json").body(body);
    if (token != null) {
      request = request.header("Authorization", "Bearer " + token);
    }
    return request.post("/tickets");
  }

  static String ticket(String token, String... topics) {
    String body =
        "{\"topics\":["
            + String.join(",", List.of(topics).stream().map(t -> "\"" + t + "\"").toList())
            + "]}";
    return post(token, body).then().statusCode(201).extract().path("ticket");
  }

  SseStream stream(String path, String ticket) {
    return SseStream.open(
        root + "streams/" + path + "?from=earliest&ticket=" + ticket,
        AuthorizationTest.client(Map.of()));
  }

  @Test
  void aTicketOpensItsTopicsOnceWithoutATokenInTheUrl() {
    String token = TestTokens.token(List.of("sec-ticket-*"), List.of());
    Response issued =
        post(token, "{\"topics\":[\"" + topicA + "\"]}")
            .then()
            .statusCode(201)
            .extract()
            .response();
    assertThat(issued.header("Cache-Control")).isEqualTo("no-store");
    String ticket = issued.path("ticket");
    Instant expiresAt = Instant.parse(issued.path("expiresAt"));
    assertThat(expiresAt).isBetween(Instant.now(), Instant.now().plusSeconds(31));
    assertThat(ticket).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+").doesNotContain(token);

    try (SseStream stream = stream(topicA, ticket)) {
      assertThat(stream.status()).isEqualTo(200);
      awaitEvent(stream, e -> e.data().equals("record-of-a"));
    }
    try (SseStream replayed = stream(topicA, ticket)) {
      assertProblem(replayed, 401, "already used");
    }
  }

  @Test
  void aTicketIsOnlyForTopicsTheTokenMayRead() {
    String tokenA = TestTokens.token(List.of(topicA), List.of());
    post(tokenA, "{\"topics\":[\"" + topicB + "\"]}")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    post(tokenA, "{\"topics\":[\"" + topicA + "\",\"" + topicB + "\"]}").then().statusCode(403);
    // outside the service's allow-list, whatever the token says
    post(TestTokens.token(List.of("*"), List.of()), "{\"topics\":[\"other\"]}")
        .then()
        .statusCode(403);
    post(TestTokens.token(List.of("*"), List.of()), "{\"topics\":[\"__consumer_offsets\"]}")
        .then()
        .statusCode(404);
  }

  @Test
  void aTicketForTopicAOpensNeitherTopicBNorAWithB() {
    String token = TestTokens.token(List.of("sec-ticket-*"), List.of());
    for (String path : List.of(topicB, topicA + "," + topicB)) {
      try (SseStream stream = stream(path, ticket(token, topicA))) {
        assertProblem(stream, 403, "Topic not allowed");
      }
    }
  }

  @Test
  void anExpiredTicketIsRefused() {
    // a ticket never outlives its token: this one expires with it, in two seconds
    Instant exp = Instant.now().plusSeconds(2);
    String token =
        TestTokens.sign(TestTokens.claims(List.of("sec-ticket-*"), List.of()).expiresAt(exp));
    Response issued =
        post(token, "{\"topics\":[\"" + topicA + "\"]}")
            .then()
            .statusCode(201)
            .extract()
            .response();
    Instant expiresAt = Instant.parse(issued.path("expiresAt"));
    assertThat(expiresAt).isEqualTo(Instant.ofEpochSecond(exp.getEpochSecond()));
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> Instant.now().isAfter(expiresAt.plusMillis(50)));
    try (SseStream stream = stream(topicA, issued.path("ticket"))) {
      assertProblem(stream, 401, "expired");
    }
  }

  @Test
  void aStreamOpenedWithATicketEndsAtTheTokensExpiryAfterAFinalId() {
    String token =
        TestTokens.sign(
            TestTokens.claims(List.of("sec-ticket-*"), List.of())
                .expiresAt(Instant.now().plusSeconds(3)));
    try (SseStream stream = stream(topicA, ticket(token, topicA))) {
      assertThat(stream.status()).isEqualTo(200);
      awaitEvent(stream, e -> e.data().equals("record-of-a"));
      await().atMost(StreamTestSupport.TIMEOUT).until(stream::ended);
      assertThat(stream.lastEventId()).isNotBlank();
    }
  }

  @Test
  void forgedAndTamperedTicketsAreRefused() {
    String token = TestTokens.token(List.of("sec-ticket-*"), List.of());
    String good = ticket(token, topicA);
    int dot = good.indexOf('.');
    // a character in the middle of the signature (the last one also holds unused padding bits)
    int at = dot + 10;
    String badSignature =
        good.substring(0, at) + (good.charAt(at) == 'A' ? 'B' : 'A') + good.substring(at + 1);
    StreamTicket widened =
        new StreamTicket(
            "AAAAAAAAAAAAAAAAAAAAAA",
            "test-user",
            List.of(topicA, topicB),
            Instant.now().plusSeconds(60),
            Instant.now().plusSeconds(30));
    String otherKey =
        new TicketCodec("another-key-another-key-another-key!".getBytes(StandardCharsets.UTF_8))
            .sign(widened);
    String swappedPayload = otherKey.substring(0, otherKey.indexOf('.')) + good.substring(dot);
    for (String ticket :
        List.of(badSignature, otherKey, swappedPayload, "garbage", "a.b", "x".repeat(9000))) {
      try (SseStream stream = stream(topicA + "," + topicB, ticket)) {
        assertProblem(stream, 401, "not valid");
      }
    }
  }

  @Test
  void theTicketEndpointNeedsAValidTokenAndTopics() {
    post(null, "{\"topics\":[\"" + topicA + "\"]}")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
    post(TestTokens.forged(List.of("*")), "{\"topics\":[\"" + topicA + "\"]}")
        .then()
        .statusCode(401);
    String token = TestTokens.token(List.of("sec-ticket-*"), List.of());
    post(token, "{\"topics\":[]}").then().statusCode(400).contentType("application/problem+json");
    post(token, "{}").then().statusCode(400);
    post(token, "{\"topics\":[\"a/b\"]}").then().statusCode(400);
    post(token, "not json").then().statusCode(400).contentType("application/problem+json");
  }

  private static void assertProblem(SseStream stream, int status, String detail) {
    assertThat(stream.status()).isEqualTo(status);
    assertThat(stream.header("Content-Type")).startsWith("application/problem+json");
    assertThat(stream.body()).contains("\"status\":" + status).contains(detail);
  }
}
