package dev.streamgate.stream.http;

import static dev.streamgate.testing.StreamTestSupport.awaitEvent;
import static dev.streamgate.testing.StreamTestSupport.awaitRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.stream.pod.StreamStats;
import dev.streamgate.tail.SmallWindowProfile;
import dev.streamgate.testing.Delivered;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.PrometheusScrape;
import dev.streamgate.testing.SseParser;
import dev.streamgate.testing.SseStream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading, on the path below Vert.x's response (HTTP/1.1): its connection's
 * channel stops being writable, it stops getting batches, and once the window has passed it the
 * stream is closed as {@code fell-behind}, as on Vert.x's path; the others get everything. What it
 * finally reads is a valid chunked body, Vert.x's {@code 0} chunk last, holding an exact prefix of
 * the topic.
 */
@QuarkusTest
@TestProfile(SmallWindowProfile.class)
@WithTestResource(KafkaBrokerResource.class)
class SlowReaderTest {

  @TestHTTPResource("/streams/")
  URL streams;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @Inject StreamStats stats;

  @InjectKafka KafkaTestSupport kafka;

  @Test
  void aReaderThatStopsIsClosedAsFellBehindAfterAValidPrefixOfChunks() throws Exception {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("stalled"), 1);
    long closedBefore = stats.fellBehind();
    double direct =
        PrometheusScrape.of(metrics.toString())
            .sum("streamgate_stream_write_paths_total", "path", "direct");
    try (Socket slow = new Socket();
        SseStream fast = SseStream.open(streams + topic + "?format=envelope")) {
      slow.setReceiveBufferSize(4096);
      slow.connect(new InetSocketAddress(streams.getHost(), streams.getPort()));
      slow.setSoTimeout(30_000);
      slow.getOutputStream()
          .write(
              ("GET /streams/" + topic + "?format=envelope HTTP/1.1\r\nHost: localhost\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      DataInputStream in = new DataInputStream(slow.getInputStream());
      String head = line(in, 16 * 1024, "\r\n\r\n");
      assertThat(head)
          .startsWith("HTTP/1.1 200")
          .containsIgnoringCase("transfer-encoding: chunked");
      awaitEvent(fast, "caught-up");
      assertThat(
              PrometheusScrape.of(metrics.toString())
                  .sum("streamgate_stream_write_paths_total", "path", "direct"))
          .as("both streams write to their channels")
          .isGreaterThanOrEqualTo(direct + 2);

      String value = "v".repeat(16_384);
      List<Delivered> sent = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        var m = kafka.send(topic, 0, null, value);
        sent.add(new Delivered(topic, 0, m.offset()));
      }
      Delivered.assertExactlyOnce(sent, List.of(awaitRecords(fast, 400)));
      await().atMost(Duration.ofSeconds(30)).until(() -> stats.fellBehind() > closedBefore);

      String body = chunkedBody(in);
      List<SseParser.SseEvent> events = SseParser.parseAll(body);
      List<Long> offsets =
          events.stream()
              .filter(e -> e.type().equals("message"))
              .map(e -> Delivered.fromEnvelope(e.data()).offset())
              .toList();
      assertThat(events.get(0).type()).isEqualTo("stream-info");
      assertThat(offsets).as("stopped short of the end").hasSizeLessThan(400);
      for (int i = 0; i < offsets.size(); i++) {
        assertThat(offsets.get(i)).as("an exact prefix: no gap, no duplicate").isEqualTo(i);
      }
    }
  }

  /**
   * Reads a chunked body to its last chunk, checking every chunk's framing: its size in hex, CRLF,
   * that many bytes, CRLF; then {@code 0}, CRLF, CRLF.
   */
  private static String chunkedBody(DataInputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = line(in, 16, "\r\n");
      int size = Integer.parseInt(sizeLine.substring(0, sizeLine.length() - 2), 16);
      if (size == 0) {
        assertThat(line(in, 2, "\r\n")).as("no trailers, the body's end").isEqualTo("\r\n");
        return body.toString(StandardCharsets.UTF_8);
      }
      byte[] chunk = new byte[size];
      in.readFully(chunk);
      body.write(chunk);
      assertThat(line(in, 2, "\r\n")).as("CRLF after a chunk of %d bytes", size).isEqualTo("\r\n");
    }
  }

  /** Reads up to and including {@code end}, at most {@code max} bytes. */
  private static String line(InputStream in, int max, String end) throws IOException {
    StringBuilder seen = new StringBuilder();
    while (!seen.toString().endsWith(end)) {
      int b = in.read();
      assertThat(b).as("open, after %s", seen).isNotNegative();
      seen.append((char) b);
      assertThat(seen.length())
          .as("a line of at most %d bytes: %s", max, seen)
          .isLessThanOrEqualTo(max);
    }
    return seen.toString();
  }
}
