package dev.streamgate.admin;

import static io.restassured.RestAssured.given;

import dev.streamgate.security.TestTokens;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The admin side of the admin API tests: tokens signed in the test with its own key pair ({@link
 * TestTokens}), the listing as maps, and client addresses of their own (TEST-NET-3), so the
 * per-address limits of the hardened profile never mix with other tests'.
 */
final class AdminCalls {

  static final String ROLE = "streamgate-admin";
  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private AdminCalls() {}

  /** A reader's token for {@code sec-*}, valid for ten minutes, with the given roles claim. */
  static String token(String subject, List<String> roles) {
    JwtClaimsBuilder claims =
        TestTokens.claims(List.of("sec-*"), List.of()).subject(subject).expiresIn(600);
    if (roles != null) {
      claims.claim("roles", roles);
    }
    return TestTokens.sign(claims);
  }

  static String reader(String subject) {
    return token(subject, null);
  }

  static String admin() {
    return token("ops", List.of("reader", ROLE));
  }

  /** A client address of its own, through the profile's trusted proxy (the test's 127.0.0.1). */
  static String address() {
    return "203.0.113." + (CLIENTS.incrementAndGet() % 250 + 1);
  }

  static Map<String, String> client(String token, String address) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Authorization", "Bearer " + token);
    headers.put("X-Forwarded-For", address);
    return headers;
  }

  /** The streams this pod lists, as an admin sees them. */
  static List<Map<String, Object>> streams() {
    return given()
        .header("Authorization", "Bearer " + admin())
        .get("/admin/streams")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getList("streams");
  }

  /** The listed streams of {@code subject} whose topics are exactly {@code topics}. */
  static List<Map<String, Object>> streams(String subject, List<String> topics) {
    return streams().stream()
        .filter(s -> subject.equals(s.get("subject")) && topics.equals(s.get("topics")))
        .toList();
  }

  /** {@code DELETE} {@code path} as an admin; returns how many streams it closed. */
  static int close(String path) {
    return given()
        .header("Authorization", "Bearer " + admin())
        .delete(path)
        .then()
        .statusCode(200)
        .contentType("application/json")
        .extract()
        .jsonPath()
        .getInt("closed");
  }
}
