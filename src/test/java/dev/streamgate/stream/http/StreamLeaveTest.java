package dev.streamgate.stream.http;

import static org.awaitility.Awaitility.await;

import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.PrometheusScrape;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A client that leaves while its stream is being opened leaves no stream behind: the stream is
 * opened on a connection already closed (the open pool asked Kafka meanwhile), finds it closed and
 * ends, freeing its slot and its topic's reader. Such a stream used to wait for demand forever: a
 * browser tab closed while it reconnected held a stream until the pod stopped.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class StreamLeaveTest {

  @TestHTTPResource("/")
  URL root;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @InjectKafka KafkaTestSupport kafka;

  @Test
  void aClientThatLeavesWhileItsStreamOpensLeavesNoStreamOpen() throws Exception {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("leave"), 2);
    kafka.fill(topic, 2, 5, "v");
    byte[] request =
        ("GET /streams/"
                + topic
                + "?from=earliest HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 20; i++) {
      // from=earliest opens on the open pool, after asking Kafka where the topic stands: the
      // connection is closed before the stream starts
      try (Socket socket = new Socket(root.getHost(), root.getPort())) {
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
      }
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .during(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> openOn(topic) == 0);
  }

  private double openOn(String topic) {
    return PrometheusScrape.of(metrics.toString())
        .sum("streamgate_topic_streams_open", "topic", topic);
  }
}
