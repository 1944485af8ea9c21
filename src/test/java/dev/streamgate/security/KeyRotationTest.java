package dev.streamgate.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Verification keys from an issuer's JWKS URL (a real HTTP server, {@link JwksServer}) that rotates
 * during the test: a new kid is picked up without a restart, and a flood of unknown kids does not
 * become a flood of JWKS fetches (smallrye-jwt's forced refresh, at most one per {@code
 * smallrye.jwt.jwks.forced-refresh-interval}, 1 minute in application.properties).
 */
@QuarkusTest
@TestProfile(KeyRotationTest.Jwks.class)
@WithTestResource(KafkaBrokerResource.class)
class KeyRotationTest {

  /** JWT on, keys from the JWKS server, publishing off. */
  public static class Jwks implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "streamgate.security.jwt.enabled",
          "true",
          "streamgate.publish.enabled",
          "false",
          "mp.jwt.verify.issuer",
          TestTokens.ISSUER,
          "mp.jwt.verify.audiences",
          TestTokens.AUDIENCE,
          "mp.jwt.verify.publickey.location",
          "${streamgate.test.jwks-url:http://127.0.0.1:9/unset}");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(JwksServer.class));
    }
  }

  @JwksServer.Inject JwksServer issuer;

  private int status(String token) {
    return given().header("Authorization", "Bearer " + token).get("/topics").statusCode();
  }

  private String token(String signer, String kid) {
    return issuer.sign(TestTokens.claims(List.of("*"), List.of()), signer, kid);
  }

  @Test
  void aNewKidIsPickedUpWithoutARestartAndUnknownKidsAreRateLimited() {
    assertThat(status(token("k1", "k1"))).isEqualTo(200);
    int afterFirst = issuer.fetches();
    assertThat(afterFirst).isEqualTo(1);

    // the issuer rotates, a while later: jose4j skips a refetch within 300 ms of the last one (its
    // "refresh reprieve"), which would spend smallrye-jwt's one forced refresh on nothing
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> issuer.millisSinceLastFetch() > 1_000);
    issuer.publish("k2");
    assertThat(status(token("k2", "k2"))).isEqualTo(200);
    assertThat(issuer.fetches()).isEqualTo(afterFirst + 1);
    assertThat(status(token("k2", "k2"))).isEqualTo(200);
    // the retired key no longer verifies
    assertThat(status(token("k1", "k1"))).isEqualTo(401);

    // 50 tokens with kids the issuer never published: all 401, no further fetch
    for (int i = 0; i < 50; i++) {
      assertThat(status(token("k2", "unknown-" + i))).isEqualTo(401);
    }
    assertThat(issuer.fetches()).isEqualTo(afterFirst + 1);
    assertThat(status(token("k2", "k2"))).isEqualTo(200);
  }

  /**
   * Publishing off (as by default, which TicketsTest checks): 404 before any token is looked at.
   */
  @Test
  void publishingOffIs404() {
    given()
        .body("v")
        .post("/topics/anything/events")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("detail", org.hamcrest.Matchers.equalTo("Publishing is turned off"));
  }
}
