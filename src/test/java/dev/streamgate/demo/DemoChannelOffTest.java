package dev.streamgate.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.streamgate.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * With {@code streamgate.demo.enabled} unset (the tests' default profile, like production) the demo
 * channel does not exist: no producer, and neither it nor the idle publish channel shows up in, or
 * takes down, readiness.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class DemoChannelOffTest {

  @Inject KafkaClientService kafkaClients;

  @Test
  void theDemoChannelIsOffAndReadinessIsUp() {
    assertThat(kafkaClients.getProducer(DemoFeed.CHANNEL)).isNull();
    assertThat(kafkaClients.getProducer("publish")).as("publishing is on in tests").isNotNull();
    String ready =
        given()
            .get("/q/health/ready")
            .then()
            .statusCode(200)
            .body("status", equalTo("UP"))
            .extract()
            .asString();
    assertThat(ready).doesNotContain(DemoFeed.CHANNEL).doesNotContain("\"publish\"");
    given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
  }
}
