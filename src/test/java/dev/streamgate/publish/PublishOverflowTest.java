package dev.streamgate.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The publish channel's overflow policy: with Kafka not acknowledging (the channel's producer
 * points at a closed port, while the topic look-up still reaches the real broker), one record is in
 * flight and one waits in the emitter's buffer; every publish beyond is refused at once with a 503
 * problem and {@code Retry-After}, and the two waiting ones end in a 503 within the publish
 * timeout.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@TestProfile(PublishOverflowTest.KafkaSilent.class)
class PublishOverflowTest {

  private static final int REQUESTS = 6;

  /** One in flight, one buffered, a short timeout, and a producer that never reaches Kafka. */
  public static class KafkaSilent implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "mp.messaging.outgoing.publish.bootstrap.servers", "localhost:1",
          "mp.messaging.outgoing.publish.max-inflight-messages", "1",
          "mp.messaging.outgoing.publish.close-timeout", "500",
          "mp.messaging.emitter.default-buffer-size", "1",
          "streamgate.publish.timeout", "2s");
    }
  }

  @TestHTTPResource("/")
  URL root;

  @InjectKafka KafkaTestSupport kafka;

  @Test
  void aFullBufferIsA503ProblemAtOnce() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("overflow"), 1);
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest publish =
        HttpRequest.newBuilder(URI.create(root + "topics/" + topic + "/events"))
            .timeout(Duration.ofSeconds(20))
            .POST(HttpRequest.BodyPublishers.ofString("v"))
            .build();
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      answers.add(http.sendAsync(publish, HttpResponse.BodyHandlers.ofString()));
    }

    List<String> titles = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> answer : answers) {
      HttpResponse<String> response = answer.join();
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
      assertThat(response.body()).doesNotContain("Exception");
      titles.add(response.body().contains("Too many publishes") ? "full" : "unacknowledged");
    }
    // Capacity is two (one in flight, one buffered): the rest found the buffer full.
    assertThat(titles).filteredOn("unacknowledged"::equals).hasSizeLessThanOrEqualTo(2);
    assertThat(titles).filteredOn("full"::equals).hasSizeGreaterThanOrEqualTo(REQUESTS - 2);
  }
}
