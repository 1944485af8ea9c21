package dev.streamgate.stream.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Refusals happen before any stream byte, as problem JSON with a useful message. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class StreamProblemsTest {

  @InjectKafka KafkaTestSupport kafka;
  static String topic;

  @BeforeEach
  void createTopicsOnce() {
    if (topic == null) {
      topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("problems"), 1);
    }
  }

  @Test
  void unknownTopicIs404ProblemJson() {
    given()
        .when()
        .get("/streams/no-such-topic")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("status", equalTo(404))
        .body("title", equalTo("Unknown topic"))
        .body("detail", containsString("no-such-topic"));
  }

  @Test
  void oneUnknownTopicInAListIs404() {
    given()
        .when()
        .get("/streams/" + topic + ",missing-one")
        .then()
        .statusCode(404)
        .body("detail", containsString("missing-one"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"__consumer_offsets", "__transaction_state"})
  void internalTopicsAreNeverServed(String internal) {
    given().when().get("/streams/" + internal).then().statusCode(404);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "from=middle",
        "since=yesterday",
        "format=xml",
      })
  void badQueryIs400(String query) {
    given()
        .when()
        .get("/streams/" + topic + "?" + query)
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("status", equalTo(400));
  }

  @ParameterizedTest
  @ValueSource(strings = {"bad name", "a,,b", "x:y", "é"})
  void invalidTopicNameIs400(String name) {
    given().urlEncodingEnabled(true).when().get("/streams/{t}", name).then().statusCode(400);
  }

  @Test
  void tooManyTopicsIs400() {
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < 17; i++) {
      names.append(i == 0 ? "" : ",").append("t").append(i);
    }
    given()
        .when()
        .get("/streams/" + names)
        .then()
        .statusCode(400)
        .body("title", equalTo("Too many topics"));
  }
}
