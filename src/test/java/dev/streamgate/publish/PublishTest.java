package dev.streamgate.publish;

import static dev.streamgate.testing.StreamTestSupport.awaitEvent;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.RawHttp;
import dev.streamgate.testing.SseParser;
import dev.streamgate.testing.SseStream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /topics/{topic}/events} against the running service and real Kafka. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class PublishTest {

  @TestHTTPResource("/")
  URL root;

  @InjectKafka KafkaTestSupport kafka;
  @Inject KafkaClientService kafkaClients;
  static String topic;

  @BeforeEach
  void createTopicsOnce() {
    if (topic == null) {
      topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("publish"), 3);
    }
  }

  @AfterEach
  void podStillPublishes() {
    given().body("alive").post("/topics/" + topic + "/events").then().statusCode(201);
  }

  @Test
  void aPublishedEventIsAnsweredWithItsPositionAndStreamedAsSent() {
    Response created =
        given()
            .queryParam("key", "ACME")
            .queryParam("type", "price")
            .contentType("application/json")
            .body("{\"price\":1}\n{\"second\":\"line\"}")
            .post("/topics/" + topic + "/events");
    created
        .then()
        .statusCode(201)
        .contentType("application/json")
        .body("topic", equalTo(topic))
        .body("partition", notNullValue())
        .body("offset", notNullValue());
    int partition = created.path("partition");
    long offset = ((Number) created.path("offset")).longValue();

    try (SseStream stream =
        SseStream.open(root + "streams/" + topic + "?from=earliest&format=envelope&type=price")) {
      SseParser.SseEvent event = awaitEvent(stream, "price");
      assertThat(event.data())
          .contains("\"partition\":" + partition)
          .contains("\"offset\":" + offset)
          .contains("\"key\":\"ACME\"")
          .contains("\\n{\\\"second\\\"");
    }
  }

  @Test
  void keyAndTypeMayComeAsHeaders() {
    given()
        .header("Streamgate-Key", "GLOBEX")
        .header("Streamgate-Type", "quote")
        .body("v")
        .post("/topics/" + topic + "/events")
        .then()
        .statusCode(201);
    try (SseStream stream =
        SseStream.open(root + "streams/" + topic + "?from=earliest&key=GLOBEX")) {
      assertThat(awaitEvent(stream, "quote").data()).isEqualTo("v");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"reset", "gap", "stream-info", "caught-up", "a b", "x\r\nevent: reset"})
  void controlNamesAndUnsafeTypesAre400(String type) {
    given()
        .queryParam("type", type)
        .body("v")
        .post("/topics/" + topic + "/events")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("title", equalTo("Invalid type"));
  }

  @Test
  void keysAreCappedAndMayNotCarryControlCharacters() {
    given()
        .queryParam("key", "k".repeat(1025))
        .body("v")
        .post("/topics/" + topic + "/events")
        .then()
        .statusCode(400);
    given()
        .queryParam("key", "a\r\nb")
        .body("v")
        .post("/topics/" + topic + "/events")
        .then()
        .statusCode(400);
    given()
        .queryParam("key", "a\u0000b")
        .body("v")
        .post("/topics/" + topic + "/events")
        .then()
        .statusCode(400);
  }

  @Test
  void unknownAndInternalTopicsAre404AndNothingIsCreated() throws Exception {
    String missing = KafkaTestSupport.uniqueTopic("never-created");
    given()
        .body("v")
        .post("/topics/" + missing + "/events")
        .then()
        .statusCode(404)
        .contentType("application/problem+json");
    given().body("v").post("/topics/__consumer_offsets/events").then().statusCode(404);
    assertThat(kafka.admin().listTopics().names().get()).doesNotContain(missing);
    // The channel's producer was never asked for the topic, so no broker could auto-create it.
    assertThat(kafkaClients.getProducer(Publisher.CHANNEL).unwrap().metrics().keySet())
        .noneMatch(metric -> missing.equals(metric.tags().get("topic")));
  }

  @Test
  void theAnswerIsWhereKafkaWroteTheRecord() throws Exception {
    Response created =
        given()
            .queryParam("key", "INITECH")
            .queryParam("type", "quote")
            .body("read me back")
            .post("/topics/" + topic + "/events");
    created.then().statusCode(201).body("topic", equalTo(topic));
    TopicPartition partition = new TopicPartition(topic, created.<Integer>path("partition"));
    long offset = ((Number) created.path("offset")).longValue();
    long timestamp = ((Number) created.path("timestamp")).longValue();

    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seek(partition, offset);
      List<ConsumerRecord<String, String>> polled = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInSameThread()
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(polled::add);
                return !polled.isEmpty();
              });
      ConsumerRecord<String, String> record = polled.get(0);
      assertThat(record.offset()).isEqualTo(offset);
      assertThat(record.key()).isEqualTo("INITECH");
      assertThat(record.value()).isEqualTo("read me back");
      assertThat(record.timestamp()).isEqualTo(timestamp);
      assertThat(record.headers().lastHeader("ce_type").value())
          .isEqualTo("quote".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void theChannelsProducerIsIdempotentWithAcksAllAndBoundedWaits() {
    Map<String, Object> producer =
        Map.copyOf(kafkaClients.getProducer(Publisher.CHANNEL).configuration());
    assertThat(producer)
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", "true")
        .containsEntry("max.block.ms", "10000")
        .containsEntry("delivery.timeout.ms", "10000")
        .containsEntry("request.timeout.ms", "10000");
  }

  @Test
  void tenMegabytesAre413BeforeTheBodyIsRead() {
    byte[] head =
        ("POST /topics/"
                + topic
                + "/events HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Length: 10000000\r\n"
                + "Connection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    RawHttp.Answer answer = RawHttp.exchange(root.getPort(), head);
    assertThat(answer.status()).isEqualTo(413);
    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    assertThat(answer.body()).contains("Value too large");
  }

  @Test
  void aChunkedBodyOverTheCapIs413Too() {
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(
        ("POST /topics/"
                + topic
                + "/events HTTP/1.1\r\nHost: localhost\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    byte[] chunk = new byte[100_000];
    for (int i = 0; i < 11; i++) {
      request.writeBytes(
          (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      request.writeBytes(chunk);
      request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    request.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    RawHttp.Answer answer = RawHttp.exchange(root.getPort(), request.toByteArray());
    assertThat(answer.status()).isEqualTo(413);
    assertThat(answer.body()).contains("Value too large");
  }

  @Test
  void aValueAtTheCapIsAccepted() {
    given()
        .body(new byte[1_000_000])
        .contentType("application/octet-stream")
        .post("/topics/" + topic + "/events")
        .then()
        .statusCode(201);
  }

  @Test
  void invalidTopicNamesAre400() {
    for (String target :
        List.of("/topics/a%2Fb/events", "/topics/%C3%A9/events", "/topics/a%00/events")) {
      byte[] request =
          ("POST "
                  + target
                  + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\n"
                  + "Connection: close\r\n\r\nv")
              .getBytes(StandardCharsets.US_ASCII);
      RawHttp.Answer answer = RawHttp.exchange(root.getPort(), request);
      assertThat(answer.status()).as(target).isEqualTo(400);
    }
  }

  @Test
  void wrongMethodsAreProblemJsonWithoutInternals() {
    given()
        .get("/topics/" + topic + "/events")
        .then()
        .statusCode(405)
        .contentType("application/problem+json")
        .body("status", equalTo(405));
    given()
        .body("x")
        .post("/streams/" + topic)
        .then()
        .statusCode(405)
        .contentType("application/problem+json");
  }
}
