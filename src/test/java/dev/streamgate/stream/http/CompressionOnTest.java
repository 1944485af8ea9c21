package dev.streamgate.stream.http;

import static dev.streamgate.testing.StreamTestSupport.awaitEvent;
import static dev.streamgate.testing.StreamTestSupport.awaitRecords;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.testing.Delivered;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.PrometheusScrape;
import dev.streamgate.testing.SseStream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code quarkus.http.enable-compression} on, Vert.x puts a compressor in every HTTP/1.1
 * connection's pipeline, and a chunk written below it would skip it: streams then keep Vert.x's
 * path, and a client that accepts gzip still reads its stream uncompressed.
 */
@QuarkusTest
@TestProfile(CompressionOnTest.CompressionOn.class)
@WithTestResource(KafkaBrokerResource.class)
class CompressionOnTest {

  /** The one setting this test changes. */
  public static class CompressionOn implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.http.enable-compression", "true");
    }
  }

  @TestHTTPResource("/streams/")
  URL streams;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @InjectKafka KafkaTestSupport kafka;

  @Test
  void streamsKeepVertxsPathAndStayUncompressed() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("gzip"), 2);
    double vertx = paths("vertx");
    double direct = paths("direct");
    try (SseStream stream =
        SseStream.open(streams + topic + "?format=envelope", Map.of("Accept-Encoding", "gzip"))) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.header("Content-Encoding")).isNull();
      awaitEvent(stream, "caught-up");
      assertThat(paths("vertx")).isEqualTo(vertx + 1);
      assertThat(paths("direct")).isEqualTo(direct);
      List<Delivered> sent = Delivered.parseAll(kafka.fill(topic, 2, 30, "z"));
      Delivered.assertExactlyOnce(sent, List.of(awaitRecords(stream, sent.size())));
    }
  }

  private double paths(String path) {
    return PrometheusScrape.of(metrics.toString())
        .sum("streamgate_stream_write_paths_total", "path", path);
  }
}
