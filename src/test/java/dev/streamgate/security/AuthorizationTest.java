package dev.streamgate.security;

import static dev.streamgate.testing.StreamTestSupport.awaitEvent;
import static dev.streamgate.testing.StreamTestSupport.awaitRecords;
import static dev.streamgate.testing.StreamTestSupport.records;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.testing.Delivered;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.RawHttp;
import dev.streamgate.testing.SseStream;
import dev.streamgate.testing.StreamTestSupport;
import io.quarkus.logging.json.runtime.JsonFormatter;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JWT authorization and topic access against the running service (HardenedProfile): allow-list
 * {@code sec-*}, tokens whose {@code sg_sub}/{@code sg_pub} claims list topic patterns, anonymous
 * read of {@code sec-public-*}. Every refusal comes before any stream byte, and after each test the
 * pod still serves a client ({@link #podStillServes}).
 */
@QuarkusTest
@TestProfile(HardenedProfile.class)
@WithTestResource(KafkaBrokerResource.class)
class AuthorizationTest {

  private static final AtomicInteger CLIENTS = new AtomicInteger(1);

  @TestHTTPResource("/")
  URL root;

  @InjectKafka KafkaTestSupport kafka;
  static String topicA;
  static String topicB;
  static String publicTopic;

  @BeforeEach
  void createTopicsOnce() {
    if (topicA == null) {
      topicA = kafka.createTopic(KafkaTestSupport.uniqueTopic("sec-a"), 2);
      topicB = kafka.createTopic(KafkaTestSupport.uniqueTopic("sec-b"), 1);
      publicTopic = kafka.createTopic(KafkaTestSupport.uniqueTopic("sec-public"), 1);
      kafka.send(publicTopic, 0, "k", "public-hello");
    }
  }

  /**
   * Each test is its own client address (the test client is a trusted proxy), so limits don't mix.
   */
  static Map<String, String> client(Map<String, String> headers) {
    Map<String, String> all = new HashMap<>(headers);
    all.put("X-Forwarded-For", "198.51.100." + CLIENTS.incrementAndGet() % 250);
    return all;
  }

  static Map<String, String> bearer(String token) {
    return client(Map.of("Authorization", "Bearer " + token));
  }

  @AfterEach
  void podStillServes() {
    try (SseStream stream =
        SseStream.open(root + "streams/" + publicTopic + "?from=earliest", client(Map.of()))) {
      assertThat(stream.status()).isEqualTo(200);
      awaitEvent(stream, e -> e.data().equals("public-hello"));
    }
  }

  @Test
  void anonymousCallersReadTheAnonymousTopicsOnly() {
    try (SseStream stream = SseStream.open(root + "streams/" + topicA, client(Map.of()))) {
      assertThat(stream.status()).isEqualTo(401);
      assertThat(stream.header("WWW-Authenticate")).startsWith("Bearer");
      assertThat(stream.header("Content-Type")).startsWith("application/problem+json");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"header", "cookie", "query"})
  void aValidTokenOpensItsTopicsFromEverySource(String source) {
    String token = TestTokens.token(List.of("sec-a-*"), List.of());
    String url = root + "streams/" + topicA;
    Map<String, String> headers =
        switch (source) {
          case "header" -> bearer(token);
          case "cookie" -> client(Map.of("Cookie", "sg_token=" + token));
          default -> client(Map.of());
        };
    if (source.equals("query")) {
      url += "?access_token=" + token;
    }
    try (SseStream stream = SseStream.open(url, headers)) {
      assertThat(stream.status()).isEqualTo(200);
      awaitEvent(stream, "stream-info");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "forged",
        "expired",
        "wrong-audience",
        "wrong-issuer",
        "garbage",
        "hs256",
        "alg-none"
      })
  void invalidTokensAre401EvenOnAnonymousTopics(String kind) {
    List<String> all = List.of("*");
    String token =
        switch (kind) {
          case "forged" -> TestTokens.forged(all);
          case "expired" ->
              TestTokens.sign(
                  TestTokens.claims(all, all)
                      .issuedAt(Instant.now().minusSeconds(600))
                      .expiresAt(Instant.now().minusSeconds(300)));
          case "wrong-audience" -> TestTokens.sign(TestTokens.claims(all, all).audience("other"));
          case "wrong-issuer" ->
              TestTokens.sign(TestTokens.claims(all, all).issuer("https://evil.test"));
          case "hs256" ->
              TestTokens.claims(all, all)
                  .jws()
                  .algorithm(io.smallrye.jwt.algorithm.SignatureAlgorithm.HS256)
                  .signWithSecret("x".repeat(32));
          case "alg-none" -> TestTokens.unsigned(all);
          default -> "not.a.jwt";
        };
    for (String topic : List.of(topicA, publicTopic)) {
      try (SseStream stream = SseStream.open(root + "streams/" + topic, bearer(token))) {
        assertThat(stream.status()).as(kind + " on " + topic).isEqualTo(401);
        assertThat(stream.body()).contains("\"status\":401").doesNotContain(token);
      }
    }
    given()
        .header("Authorization", "Bearer " + token)
        .body("v")
        .post("/topics/" + topicA + "/events")
        .then()
        .statusCode(401);
  }

  @Test
  void aTokenForTopicAIsRefusedOnTopicB() {
    String token = TestTokens.token(List.of(topicA), List.of());
    for (String path : List.of(topicB, topicA + "," + topicB, topicB + "," + topicA)) {
      try (SseStream stream = SseStream.open(root + "streams/" + path, bearer(token))) {
        assertThat(stream.status()).as(path).isEqualTo(403);
        assertThat(stream.body()).contains("Topic not allowed");
      }
    }
  }

  /** An id of topic B sent on a stream of topic A resets; nothing of B is ever read. */
  @Test
  void anIdNamingAnotherTopicNeverOpensThatTopic() {
    kafka.send(topicB, 0, "k", "secret-of-b");
    kafka.send(topicA, 0, "k", "a-record");
    String idOfB;
    try (SseStream b =
        SseStream.open(
            root + "streams/" + topicB + "?from=earliest",
            bearer(TestTokens.token(List.of(topicB), List.of())))) {
      idOfB = awaitEvent(b, e -> e.data().equals("secret-of-b")).lastEventId();
    }
    String tokenA = TestTokens.token(List.of(topicA), List.of());
    Map<String, String> headers = new HashMap<>(bearer(tokenA));
    headers.put("Last-Event-ID", idOfB);
    for (String url :
        List.of(
            root + "streams/" + topicA + "?from=earliest&format=envelope",
            root + "streams/" + topicA + "?from=earliest&format=envelope&lastEventId=" + idOfB)) {
      try (SseStream stream = SseStream.open(url, headers)) {
        assertThat(stream.status()).isEqualTo(200);
        assertThat(awaitEvent(stream, "reset").data()).contains("other-topics");
        awaitEvent(stream, "caught-up");
        awaitRecords(stream, 1);
        assertThat(records(stream)).allSatisfy(d -> assertThat(d.topic()).isEqualTo(topicA));
        assertThat(stream.raw()).doesNotContain("secret-of-b");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"__consumer_offsets", "__transaction_state", "__cluster_metadata"})
  void internalTopicsAreNeverServedEvenWhenAPatternAndATokenAllowThem(String internal) {
    String token = TestTokens.token(List.of("*"), List.of("*"));
    try (SseStream stream = SseStream.open(root + "streams/" + internal, bearer(token))) {
      assertThat(stream.status()).isEqualTo(404);
    }
    given()
        .header("Authorization", "Bearer " + token)
        .body("v")
        .post("/topics/" + internal + "/events")
        .then()
        .statusCode(404);
  }

  @Test
  void theTopicListingShowsOnlyWhatTheCallerMayStream() {
    String all = TestTokens.token(List.of("*"), List.of());
    // allow-listed by the profile's pattern (even __consumer_offsets), granted by the token: the
    // listing still shows only sec-* (topics created a moment ago reach the metadata shortly after)
    List<String> everything =
        await()
            .atMost(StreamTestSupport.TIMEOUT)
            .until(() -> topicNames(all), names -> names.containsAll(List.of(topicA, topicB)));
    assertThat(everything).contains(publicTopic).allMatch(name -> name.startsWith("sec-"));
    assertThat(topicNames(TestTokens.token(List.of(topicA), List.of())))
        .contains(topicA)
        .doesNotContain(topicB);
    assertThat(topicNames(null)).contains(publicTopic).doesNotContain(topicA, topicB);
    given()
        .header("Authorization", "Bearer " + TestTokens.forged(List.of("*")))
        .get("/topics")
        .then()
        .statusCode(401)
        .contentType("application/problem+json");
  }

  private static List<String> topicNames(String token) {
    var request = token == null ? given() : given().header("Authorization", "Bearer " + token);
    return request.get("/topics").then().statusCode(200).extract().path("name");
  }

  @Test
  void publishingFollowsThePublishClaim() {
    String token = TestTokens.token(List.of(), List.of(topicA));
    given()
        .header("Authorization", "Bearer " + token)
        .body("ok")
        .post("/topics/" + topicA + "/events")
        .then()
        .statusCode(201);
    given()
        .header("Authorization", "Bearer " + token)
        .body("no")
        .post("/topics/" + topicB + "/events")
        .then()
        .statusCode(403)
        .contentType("application/problem+json");
    given().body("anonymous").post("/topics/" + publicTopic + "/events").then().statusCode(401);
    given()
        .header("Authorization", "Bearer " + TestTokens.token(List.of("*"), List.of()))
        .body("read-only token")
        .post("/topics/" + topicA + "/events")
        .then()
        .statusCode(403);
  }

  /**
   * A stream ends when its token expires, after a final id; the client comes back with a fresh
   * token and that id and gets exactly what it had not seen.
   */
  @Test
  void anExpiringTokenEndsTheStreamAfterAFinalIdAndAFreshOneResumesExactly() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("sec-expiry"), 2);
    List<Delivered> sent =
        new java.util.ArrayList<>(Delivered.parseAll(kafka.fill(topic, 2, 5, "a")));
    String shortLived =
        TestTokens.sign(
            TestTokens.claims(List.of("sec-expiry-*"), List.of())
                .expiresAt(Instant.now().plusSeconds(4)));
    String url = root + "streams/" + topic + "?from=earliest&format=envelope";
    List<Delivered> first;
    String lastId;
    try (SseStream stream = SseStream.open(url, bearer(shortLived))) {
      assertThat(stream.status()).isEqualTo(200);
      awaitRecords(stream, sent.size());
      await().atMost(StreamTestSupport.TIMEOUT).until(stream::ended);
      first = records(stream);
      lastId = stream.lastEventId();
    }
    sent.addAll(Delivered.parseAll(kafka.fill(topic, 2, 3, "b")));
    try (SseStream expired = SseStream.open(url, bearer(shortLived))) {
      assertThat(expired.status()).isEqualTo(401);
    }
    Map<String, String> headers =
        new HashMap<>(bearer(TestTokens.token(List.of("sec-expiry-*"), List.of())));
    headers.put("Last-Event-ID", lastId);
    try (SseStream resumed = SseStream.open(url, headers)) {
      assertThat(resumed.status()).isEqualTo(200);
      awaitRecords(resumed, 6);
      Delivered.assertExactlyOnce(sent, List.of(first, records(resumed)));
      assertThat(resumed.events("reset")).isEmpty();
    }
  }

  @Test
  void streamsFromOneAddressAreBoundedAndOthersStillServed() {
    // 10.9.8.7 is not a trusted proxy: the client is the right-most untrusted entry.
    Map<String, String> headers = Map.of("X-Forwarded-For", "10.9.8.7, 203.0.113.9");
    List<SseStream> open = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < HardenedProfile.PER_ADDRESS; i++) {
        SseStream stream = SseStream.open(root + "streams/" + publicTopic, headers);
        open.add(stream);
        assertThat(stream.status()).isEqualTo(200);
      }
      try (SseStream over = SseStream.open(root + "streams/" + publicTopic, headers)) {
        assertThat(over.status()).isEqualTo(429);
        assertThat(over.header("Retry-After")).isNotBlank();
        assertThat(over.body()).contains("Too many streams");
      }
      open.remove(0).close();
      await()
          .atMost(StreamTestSupport.TIMEOUT)
          .until(
              () -> {
                try (SseStream again = SseStream.open(root + "streams/" + publicTopic, headers)) {
                  return again.status() == 200;
                }
              });
    } finally {
      open.forEach(SseStream::close);
    }
  }

  @Test
  void aConnectFloodFromOneAddressIs429WithRetryAfterBeforeTheStreamOpens() {
    Map<String, String> headers = Map.of("X-Forwarded-For", "192.0.2.77");
    long start = System.nanoTime();
    int ok = 0;
    int limited = 0;
    for (int i = 0; i < 40; i++) {
      try (SseStream stream = SseStream.open(root + "streams/" + publicTopic, headers)) {
        if (stream.status() == 200) {
          ok++;
        } else {
          assertThat(stream.status()).isEqualTo(429);
          assertThat(Integer.parseInt(stream.header("Retry-After"))).isPositive();
          assertThat(stream.header("Content-Type")).startsWith("application/problem+json");
          limited++;
        }
      }
    }
    double refilled = (System.nanoTime() - start) / 1e9 * HardenedProfile.RATE;
    assertThat(ok).isBetween(HardenedProfile.BURST, HardenedProfile.BURST + (int) refilled + 1);
    assertThat(limited).isEqualTo(40 - ok);
  }

  @Test
  void corsPreflightFromTheListedOriginAllowsCredentials() {
    given()
        .header("Origin", HardenedProfile.ALLOWED_ORIGIN)
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "Last-Event-ID")
        .options("/streams/" + publicTopic)
        .then()
        .statusCode(200)
        .header("Access-Control-Allow-Origin", HardenedProfile.ALLOWED_ORIGIN)
        .header("Access-Control-Allow-Credentials", "true");
  }

  @Test
  void anUnlistedOriginGetsNoCorsGrant() {
    given()
        .header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "GET")
        .options("/streams/" + publicTopic)
        .then()
        .header("Access-Control-Allow-Origin", (String) null)
        .header("Access-Control-Allow-Credentials", (String) null);
    RawHttp.Answer answer =
        RawHttp.get(
            root.getPort(),
            "/streams/" + publicTopic,
            "Origin: https://evil.example",
            "X-Forwarded-For: 192.0.2.99");
    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.header("Access-Control-Allow-Origin")).isNull();
    assertThat(answer.header("Content-Type")).isNotEqualTo("text/event-stream");
  }

  /** A client that sends half a request and goes quiet is disconnected by the idle timeout. */
  @Test
  void aSlowHeaderClientIsDisconnected() throws Exception {
    try (Socket socket = new Socket("localhost", root.getPort())) {
      socket.setSoTimeout(30_000);
      socket
          .getOutputStream()
          .write(
              ("GET /streams/" + publicTopic + " HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                  .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      long start = System.nanoTime();
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
      assertThat((System.nanoTime() - start) / 1_000_000_000L).isLessThan(20);
    }
  }

  /**
   * No token or ticket, valid or not, from a header or the query, ever appears in a log line: each
   * record is captured as the prod profile writes it (the JSON formatter: message, MDC with the
   * stream open/close fields, exception) and as plain text, access log included.
   */
  @Test
  void tokensAndTicketsNeverReachTheLogs() {
    List<String> lines = new CopyOnWriteArrayList<>();
    JsonFormatter json = new JsonFormatter();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            String message =
                record instanceof ExtLogRecord ext
                    ? ext.getFormattedMessage() + " " + ext.getMdcCopy()
                    : record.getMessage();
            lines.add(record.getLoggerName() + " " + message + " " + record.getThrown());
            lines.add(json.format(record));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger.getLogger("").addHandler(capture);
    try {
      String valid = TestTokens.token(List.of("sec-*"), List.of());
      String forged = TestTokens.forged(List.of("*"));
      try (SseStream ok =
          SseStream.open(
              root + "streams/" + publicTopic + "?from=earliest&access_token=" + valid,
              client(Map.of()))) {
        awaitEvent(ok, e -> e.data().equals("public-hello"));
      }
      try (SseStream refused =
          SseStream.open(
              root + "streams/" + topicA + "?access_token=" + forged, client(Map.of()))) {
        assertThat(refused.status()).isEqualTo(401);
      }
      try (SseStream refused = SseStream.open(root + "streams/" + topicA, bearer(forged))) {
        assertThat(refused.status()).isEqualTo(401);
      }
      String ticket = TicketTest.ticket(valid, publicTopic);
      String url = root + "streams/" + publicTopic + "?from=earliest&ticket=" + ticket;
      try (SseStream ok = SseStream.open(url, client(Map.of()))) {
        awaitEvent(ok, e -> e.data().equals("public-hello"));
      }
      try (SseStream replayed = SseStream.open(url, client(Map.of()))) {
        assertThat(replayed.status()).isEqualTo(401);
      }
      await()
          .atMost(StreamTestSupport.TIMEOUT)
          .until(
              () ->
                  lines.stream().filter(l -> l.contains("/streams/" + topicA)).count() >= 2
                      && lines.stream().anyMatch(l -> l.contains("POST /tickets"))
                      && lines.stream().filter(l -> l.contains("stream-close")).count() >= 2);
      assertThat(lines)
          .noneMatch(
              l ->
                  l.contains(valid)
                      || l.contains(forged)
                      || l.contains(ticket)
                      || l.contains(ticket.substring(0, ticket.indexOf('.')))
                      || l.contains("access_token")
                      || l.contains("ticket=")
                      || l.contains("Bearer"));
    } finally {
      Logger.getLogger("").removeHandler(capture);
    }
  }
}
