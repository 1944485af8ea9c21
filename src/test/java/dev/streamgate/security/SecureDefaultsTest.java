package dev.streamgate.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The default test profile: JWT off, publishing turned on
 * (src/test/resources/application.properties) — the combination the pod must warn about once at
 * start. Its start-up warnings also go to target/startup-warnings.log, which this test reads.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class SecureDefaultsTest {

  @Test
  void publishingWithoutJwtIsWarnedAboutOnceAtStart() throws Exception {
    List<String> all = Files.readAllLines(Path.of("target", "startup-warnings.log"));
    // every Quarkus start appends; this start's lines begin at the last summary line
    int start = -1;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).contains("Security: JWT")) {
        start = i;
      }
    }
    assertThat(start).isNotNegative();
    List<String> thisStart = all.subList(start, all.size());
    assertThat(thisStart.get(0)).contains("JWT off").contains("publishing on");
    assertThat(thisStart)
        .filteredOn(l -> l.contains("WARN"))
        .singleElement()
        .asString()
        .contains("Publishing is on")
        .contains("streamgate.security.jwt.enabled=false");
  }

  @Test
  void ticketsAreOffWithoutJwtAndSaySo() {
    given()
        .contentType("application/json")
        .body("{\"topics\":[\"demo.prices\"]}")
        .post("/tickets")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("title", org.hamcrest.Matchers.equalTo("Tickets are off"));
  }

  @Test
  void theAdminApiIsOffWithoutJwtWhateverTheTokenSays() {
    String admin =
        TestTokens.sign(
            TestTokens.claims(List.of("*"), List.of()).claim("roles", List.of("streamgate-admin")));
    for (String method : List.of("GET /admin/streams", "DELETE /admin/streams/x")) {
      String[] call = method.split(" ");
      given()
          .header("Authorization", "Bearer " + admin)
          .request(call[0], call[1])
          .then()
          .statusCode(404)
          .contentType("application/problem+json")
          .body("title", org.hamcrest.Matchers.equalTo("Admin API off"));
    }
    given()
        .queryParam("subject", "test-user")
        .delete("/admin/streams")
        .then()
        .statusCode(404)
        .body("title", org.hamcrest.Matchers.equalTo("Admin API off"));
  }
}
