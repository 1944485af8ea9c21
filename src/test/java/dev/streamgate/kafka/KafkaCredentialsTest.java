package dev.streamgate.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.streamgate.testing.SaslBroker;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.SaslConfigs;
import org.junit.jupiter.api.Test;

/**
 * With a wrong Kafka password, a stream open is refused with a detail that names the cause — Kafka
 * refused Streamgate's credentials — instead of "did not answer in time", and that gives away
 * neither the password nor the user. Against a real broker in this JVM with a SASL/PLAIN listener,
 * where the right password works.
 */
@QuarkusTest
@TestProfile(KafkaCredentialsTest.WrongPassword.class)
class KafkaCredentialsTest {

  static final String WRONG_PASSWORD = "not-the-password-42";
  static final String TOPIC = "sasl.prices";

  /** The service logs in to the SASL broker as its user, with a wrong password. */
  public static class WrongPassword implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "kafka.bootstrap.servers",
          SaslBroker.sharedBootstrapServers(),
          "kafka.security.protocol",
          "SASL_PLAINTEXT",
          "kafka.sasl.mechanism",
          "PLAIN",
          "kafka.sasl.jaas.config",
          SaslBroker.jaas(SaslBroker.USER, WRONG_PASSWORD),
          "streamgate.kafka.request-timeout",
          "10s",
          // no publish producer: one refused by the broker outlives its application's stop
          "mp.messaging.outgoing.publish.enabled",
          "false",
          // The broker test resource is global and would win over a profile otherwise.
          "config_ordinal",
          "1000");
    }
  }

  @Test
  void aStreamOpenSaysKafkaRefusedTheCredentialsAndLeaksNone() throws Exception {
    try (Admin admin = Admin.create(clientSettings(SaslBroker.ADMIN, SaslBroker.ADMIN_PASSWORD))) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
    }
    // the service's user logs in with its right password: only the password is wrong
    try (Admin user = Admin.create(clientSettings(SaslBroker.USER, SaslBroker.PASSWORD))) {
      assertThat(user.describeCluster().nodes().get()).hasSize(1);
    }

    Response response = given().get("/streams/" + TOPIC);

    response
        .then()
        .statusCode(503)
        .contentType("application/problem+json")
        .header("Retry-After", "5")
        .body("title", equalTo("Kafka unavailable"))
        .body("detail", equalTo(KafkaUnavailableException.CREDENTIALS_REFUSED));
    assertThat(response.asString())
        .contains("SASL authentication failed")
        .doesNotContain(WRONG_PASSWORD)
        .doesNotContain(SaslBroker.USER)
        .doesNotContain("did not answer");
  }

  @Test
  void readinessSaysTheSameCause() {
    given()
        .get("/q/health/ready")
        .then()
        .statusCode(503)
        .body(
            "checks.find { it.name == 'kafka' }.data.reason",
            equalTo("Kafka unreachable: SaslAuthenticationException"));
  }

  private static Map<String, Object> clientSettings(String user, String password) {
    return Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        SaslBroker.sharedBootstrapServers(),
        AdminClientConfig.SECURITY_PROTOCOL_CONFIG,
        "SASL_PLAINTEXT",
        SaslConfigs.SASL_MECHANISM,
        "PLAIN",
        SaslConfigs.SASL_JAAS_CONFIG,
        SaslBroker.jaas(user, password));
  }
}
