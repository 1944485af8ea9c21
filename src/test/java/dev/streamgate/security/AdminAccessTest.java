package dev.streamgate.security;

import static dev.streamgate.testing.StreamTestSupport.awaitEvent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.SseStream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Who may use {@code /admin/streams} (HardenedProfile: JWT on, the default admin settings: role
 * {@code streamgate-admin} in claim {@code roles}): a valid token in the {@code Authorization}
 * header holding the role. Everyone else is refused with problem JSON, and a refused close closes
 * nothing. Tokens are signed in the test with its own keys ({@link TestTokens}).
 */
@QuarkusTest
@TestProfile(HardenedProfile.class)
@WithTestResource(KafkaBrokerResource.class)
class AdminAccessTest {

  @TestHTTPResource("/")
  URL root;

  @InjectKafka KafkaTestSupport kafka;

  private static String token(String claim, Object roles) {
    return TestTokens.sign(
        TestTokens.claims(List.of("sec-*"), List.of()).subject("mallory").claim(claim, roles));
  }

  private static String admin() {
    return token("roles", List.of("streamgate-admin"));
  }

  private static RequestSpecification bearer(String token) {
    return given().header("Authorization", "Bearer " + token);
  }

  @ParameterizedTest
  @ValueSource(strings = {"array", "string"})
  void aHeaderTokenWithTheRoleMayList(String form) {
    Object roles =
        form.equals("array") ? List.of("reader", "streamgate-admin") : "reader streamgate-admin";
    bearer(token("roles", roles))
        .get("/admin/streams")
        .then()
        .statusCode(200)
        .contentType("application/json")
        .body("streams", org.hamcrest.Matchers.notNullValue());
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "forged", "expired", "query", "cookie", "garbage"})
  void withoutAValidTokenInTheHeaderIs401(String kind) {
    RequestSpecification request =
        switch (kind) {
          case "none" -> given();
          case "forged" -> bearer(TestTokens.forged(List.of("*")));
          case "expired" ->
              bearer(
                  TestTokens.sign(
                      TestTokens.claims(List.of("*"), List.of())
                          .claim("roles", List.of("streamgate-admin"))
                          .expiresAt(System.currentTimeMillis() / 1000 - 60)));
          // an admin token anywhere but the header: never read (no CSRF, no token in URLs)
          case "query" -> given().queryParam("access_token", admin());
          case "cookie" -> given().cookie("sg_token", admin());
          default -> bearer("not-a-token");
        };
    request
        .get("/admin/streams")
        .then()
        .statusCode(401)
        .contentType("application/problem+json")
        .header("WWW-Authenticate", startsWith("Bearer"))
        .body("status", equalTo(401));
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-roles", "other-role", "other-claim", "role-prefix"})
  void aValidTokenWithoutTheRoleIs403(String kind) {
    String token =
        switch (kind) {
          case "no-roles" -> TestTokens.token(List.of("*"), List.of());
          case "other-role" -> token("roles", List.of("streamgate-user"));
          case "other-claim" -> token("groups", List.of("streamgate-admin"));
          default -> token("roles", "streamgate-admin-not");
        };
    bearer(token)
        .get("/admin/streams")
        .then()
        .statusCode(403)
        .contentType("application/problem+json")
        .body("title", equalTo("Not an admin"));
  }

  @Test
  void aCloseWithoutTheRoleClosesNothing() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("sec-adm-refused"), 1);
    String reader = TestTokens.sign(TestTokens.claims(List.of("sec-*"), List.of()).expiresIn(600));
    try (SseStream stream =
        SseStream.open(
            root + "streams/" + topic,
            // an address of its own: AuthorizationTest floods 192.0.2.77 under the same profile
            Map.of("Authorization", "Bearer " + reader, "X-Forwarded-For", "192.0.2.91"))) {
      assertThat(stream.status()).isEqualTo(200);
      awaitEvent(stream, "caught-up");
      String id =
          bearer(admin())
              .get("/admin/streams")
              .then()
              .statusCode(200)
              .extract()
              .jsonPath()
              .getString("streams.find { it.topics == ['" + topic + "'] }.id");
      assertThat(id).isNotNull();
      String notAdmin = token("roles", List.of("streamgate-user"));
      bearer(notAdmin).delete("/admin/streams/" + id).then().statusCode(403);
      bearer(notAdmin)
          .queryParam("subject", "test-user")
          .delete("/admin/streams")
          .then()
          .statusCode(403);
      given().delete("/admin/streams/" + id).then().statusCode(401);
      kafka.send(topic, 0, "k", "still-open");
      awaitEvent(stream, e -> e.data().equals("still-open"));
      assertThat(stream.events("revoked")).isEmpty();
    }
  }

  @Test
  void anUnknownStreamIs404ToAnAdminOnly() {
    bearer(token("roles", List.of("streamgate-user")))
        .delete("/admin/streams/no-such-stream")
        .then()
        .statusCode(403);
    given().delete("/admin/streams").then().statusCode(401);
    bearer(admin())
        .delete("/admin/streams/no-such-stream")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("title", equalTo("Unknown stream"));
  }
}
