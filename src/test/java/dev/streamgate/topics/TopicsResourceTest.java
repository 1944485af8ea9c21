package dev.streamgate.topics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /topics} against a real broker: exact ranges, sorted, never internal topics. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class TopicsResourceTest {

  @InjectKafka KafkaTestSupport kafka;

  @Test
  void listsTopicsSortedWithEachPartitionsRetainedRange() {
    String suffix = KafkaTestSupport.uniqueTopic("");
    String second = kafka.createTopic("listed-b" + suffix, 3);
    String first = kafka.createTopic("listed-a" + suffix, 1);
    kafka.fill(second, 3, 4, "t");
    kafka.send(second, 1, "k", "one more");
    kafka.deleteRecordsBefore(second, 0, 3);
    kafka.fill(first, 1, 2, "t");

    JsonPath body =
        given()
            .get("/topics")
            .then()
            .statusCode(200)
            .contentType("application/json")
            .extract()
            .jsonPath();

    List<String> names = body.getList("name", String.class);
    assertThat(names).isSorted().contains(first, second);
    assertThat(names.indexOf(first)).isLessThan(names.indexOf(second));
    assertThat(partitions(body, first))
        .containsExactly(Map.of("partition", 0, "earliest", 0, "latest", 2));
    assertThat(partitions(body, second))
        .containsExactly(
            Map.of("partition", 0, "earliest", 3, "latest", 4),
            Map.of("partition", 1, "earliest", 0, "latest", 5),
            Map.of("partition", 2, "earliest", 0, "latest", 4));
  }

  @Test
  void neverListsInternalTopics() {
    String hidden = kafka.createTopic("__hidden" + KafkaTestSupport.uniqueTopic(""), 1);
    String shown = kafka.createTopic(KafkaTestSupport.uniqueTopic("shown"), 1);

    // a topic created a moment ago reaches every broker's metadata shortly after
    List<String> names =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    given()
                        .get("/topics")
                        .then()
                        .statusCode(200)
                        .extract()
                        .<List<String>>path("name"),
                listed -> listed.contains(shown));

    assertThat(names).doesNotContain(hidden).noneMatch(n -> n.startsWith("__"));
  }

  private static List<Map<String, Object>> partitions(JsonPath body, String topic) {
    return body.getList("find { it.name == '" + topic + "' }.partitions");
  }
}
