package dev.streamgate.stream.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.testing.Delivered;
import dev.streamgate.testing.EventSourceClient;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.PrometheusScrape;
import dev.streamgate.testing.StreamTestSupport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Both write paths with real SSE clients (okhttp-eventsource) against the real broker: an HTTP/1.1
 * stream's chunks go straight to its channel, an HTTP/2 stream (h2c) keeps Vert.x's path, and both
 * get every record exactly once with the same shared ids. Under Netty's paranoid leak detection,
 * neither path leaves a buffer unreleased.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class WritePathTest {

  @TestHTTPResource("/streams/")
  URL streams;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @InjectKafka KafkaTestSupport kafka;

  @Test
  void http11StreamsWriteToTheirChannelHttp2StreamsThroughVertxAndBothAreExact() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("paths"), 3);
    String url = streams + topic + "?format=envelope";
    double direct = paths("direct");
    double vertx = paths("vertx");
    try (EventSourceClient http11 = EventSourceClient.open(url);
        EventSourceClient http2 = EventSourceClient.openOverH2c(url)) {
      awaitCaughtUp(http11);
      awaitCaughtUp(http2);
      assertThat(paths("vertx")).as("the h2c stream").isEqualTo(vertx + 1);
      assertThat(paths("direct")).as("the HTTP/1.1 stream").isGreaterThanOrEqualTo(direct + 1);

      List<Delivered> sent = new ArrayList<>();
      for (int round = 0; round < 5; round++) {
        sent.addAll(Delivered.parseAll(kafka.fill(topic, 3, 40, "r" + round)));
      }
      for (EventSourceClient client : List.of(http11, http2)) {
        await()
            .atMost(StreamTestSupport.TIMEOUT)
            .until(() -> client.failed() || client.data("message").size() >= sent.size());
        Delivered.assertExactlyOnce(sent, List.of(records(client)));
      }
      assertThat(ids(http2)).as("the same shared frames on both paths").isEqualTo(ids(http11));
    }
  }

  @Test
  void neitherPathLeavesABufferUnreleasedUnderParanoidLeakDetection() {
    ResourceLeakDetector.Level before = ResourceLeakDetector.getLevel();
    Leaks leaks = new Leaks();
    Logger detector = Logger.getLogger(ResourceLeakDetector.class.getName());
    detector.addHandler(leaks);
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    try {
      String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("leaks"), 2);
      String url = streams + topic + "?format=envelope";
      List<EventSourceClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          clients.add(EventSourceClient.open(url));
          clients.add(EventSourceClient.openOverH2c(url));
        }
        clients.forEach(WritePathTest::awaitCaughtUp);
        List<Delivered> sent = Delivered.parseAll(kafka.fill(topic, 2, 150, "leak"));
        for (EventSourceClient client : clients) {
          await()
              .atMost(StreamTestSupport.TIMEOUT)
              .until(() -> client.data("message").size() >= sent.size());
        }
        // one client leaves while the others still get records
        clients.remove(0).close();
        kafka.fill(topic, 2, 50, "after");
      } finally {
        clients.forEach(EventSourceClient::close);
      }
      await()
          .atMost(StreamTestSupport.TIMEOUT)
          .until(() -> PrometheusScrape.of(metrics.toString()).sum("streamgate_streams_open") == 0);

      // The detector reports a lost buffer when a later allocation finds it collected; a buffer
      // lost on purpose shows that it does so here, and when its report is in, so are the others.
      leakOneOnPurpose();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                System.gc();
                PooledByteBufAllocator.DEFAULT.directBuffer(8).release();
                return leaks.mention("leakOneOnPurpose");
              });
      for (int i = 0; i < 5; i++) {
        System.gc();
        PooledByteBufAllocator.DEFAULT.directBuffer(8).release();
      }
      assertThat(leaks.reports())
          .as("leaks other than the one made on purpose")
          .filteredOn(report -> !report.contains("leakOneOnPurpose"))
          .filteredOn(report -> report.contains("dev.streamgate"))
          .isEmpty();
    } finally {
      ResourceLeakDetector.setLevel(before);
      detector.removeHandler(leaks);
    }
  }

  private static void leakOneOnPurpose() {
    ByteBuf lost = PooledByteBufAllocator.DEFAULT.directBuffer(16);
    lost.writeLong(1);
  }

  /** The leak detector's reports, as logged. */
  private static final class Leaks extends Handler {

    private final List<String> reports = new CopyOnWriteArrayList<>();

    @Override
    public void publish(LogRecord record) {
      String text = String.valueOf(record.getMessage());
      if (record.getParameters() != null) {
        for (Object parameter : record.getParameters()) {
          text += " " + parameter;
        }
      }
      reports.add(text);
    }

    boolean mention(String text) {
      return reports.stream().anyMatch(r -> r.contains(text));
    }

    List<String> reports() {
      return List.copyOf(reports);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  private double paths(String path) {
    return PrometheusScrape.of(metrics.toString())
        .sum("streamgate_stream_write_paths_total", "path", path);
  }

  private static void awaitCaughtUp(EventSourceClient client) {
    await()
        .atMost(StreamTestSupport.TIMEOUT)
        .until(() -> client.failed() || !client.data("caught-up").isEmpty());
    assertThat(client.failed()).isFalse();
  }

  private static List<Delivered> records(EventSourceClient client) {
    return client.data("message").stream().map(Delivered::fromEnvelope).toList();
  }

  private static List<String> ids(EventSourceClient client) {
    return client.received().stream()
        .filter(r -> r.event().equals("message"))
        .map(EventSourceClient.Received::id)
        .toList();
  }
}
