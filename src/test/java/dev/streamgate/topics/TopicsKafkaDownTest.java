package dev.streamgate.topics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without an answering Kafka, {@code GET /topics} says 503 with problem JSON, in bounded time. */
@QuarkusTest
@TestProfile(TopicsKafkaDownTest.NoKafka.class)
class TopicsKafkaDownTest {

  /** Points the service at a loopback port nobody listens on and waits at most one second. */
  public static class NoKafka implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "kafka.bootstrap.servers",
          "127.0.0.1:" + closedPort(),
          "streamgate.kafka.request-timeout",
          "1s",
          // The broker test resource is global and would win over a profile otherwise.
          "config_ordinal",
          "1000");
    }
  }

  @Test
  void answers503ProblemJsonWhenKafkaDoesNotAnswer() {
    given()
        .get("/topics")
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", "5")
        .body("status", equalTo(503))
        .body("title", equalTo("Kafka unavailable"));
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
