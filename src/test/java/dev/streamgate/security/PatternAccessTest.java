package dev.streamgate.security;

import static dev.streamgate.security.AuthorizationTest.bearer;
import static dev.streamgate.security.AuthorizationTest.client;
import static dev.streamgate.testing.StreamTestSupport.awaitEvent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.SseParser;
import dev.streamgate.testing.SseStream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Topic patterns match only what the caller may read (HardenedProfile: allow-list {@code sec-*},
 * JWT on, anonymous read of {@code sec-public-*}): the allow-list and the token's claim, at open
 * and for topics created later; never an internal topic.
 */
@QuarkusTest
@TestProfile(HardenedProfile.class)
@WithTestResource(KafkaBrokerResource.class)
class PatternAccessTest {

  @TestHTTPResource("/")
  URL root;

  @InjectKafka KafkaTestSupport kafka;

  private static String infos(SseStream stream) {
    return String.join(
        "\n", stream.events("stream-info").stream().map(SseParser.SseEvent::data).toList());
  }

  @Test
  void aPatternMatchesTheAllowListAndTheTokensClaimOnlyAlsoForTopicsCreatedLater() {
    String u = KafkaTestSupport.uniqueTopic("pa");
    String a = kafka.createTopic("sec-" + u + ".a", 1);
    String b = kafka.createTopic("sec-" + u + ".b", 1);
    String outside = kafka.createTopic(u + ".outside", 1);
    String token = TestTokens.token(List.of(a, "sec-" + u + ".d"), List.of());
    try (SseStream stream =
        SseStream.open(root + "streams/*" + u + "*?from=earliest", bearer(token))) {
      assertThat(stream.status()).isEqualTo(200);
      awaitEvent(stream, "caught-up");
      assertThat(infos(stream)).contains(a).doesNotContain(b, outside);
      // created together: the one the claim names joins, the other never does
      String c = kafka.createTopic("sec-" + u + ".c", 1);
      String d = kafka.createTopic("sec-" + u + ".d", 1);
      awaitEvent(stream, e -> e.type().equals("stream-info") && e.data().contains(d));
      assertThat(infos(stream)).doesNotContain(c, b, outside);
    }
  }

  @Test
  void anAnonymousPatternMatchesTheAnonymousTopicsOnlyAndNeverAnInternalOne() {
    String u = KafkaTestSupport.uniqueTopic("pb");
    String open = kafka.createTopic("sec-public-" + u, 1);
    String closed = kafka.createTopic("sec-" + u, 1);
    try (SseStream stream = SseStream.open(root + "streams/sec-*" + u, client(Map.of()))) {
      assertThat(stream.status()).isEqualTo(200);
      awaitEvent(stream, "caught-up");
      assertThat(infos(stream)).contains(open).doesNotContain("\"" + closed + "\"");
    }
    // __consumer_offsets is on this profile's allow-list; a pattern still never matches it
    String admin = TestTokens.token(List.of("*"), List.of());
    try (SseStream stream = SseStream.open(root + "streams/__*", bearer(admin))) {
      assertThat(stream.status()).isEqualTo(404);
      assertThat(stream.header("Content-Type")).startsWith("application/problem+json");
    }
  }
}
