package dev.streamgate.stream.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.stream.pod.OverloadBounds;
import dev.streamgate.stream.pod.PodWrites;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.PrometheusScrape;
import dev.streamgate.testing.RawHttp;
import dev.streamgate.testing.SseParser;
import dev.streamgate.testing.SseStream;
import dev.streamgate.testing.StreamTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A pod offered more than its clients read, end to end over real sockets and a real broker: clients
 * that stop reading fill their connections until the streams' writes hold the whole write budget;
 * the pod is then saturated and answers a new stream 503 with a Retry-After, as problem JSON, to a
 * plain request and to an SSE client alike. It cuts the clients that take no write, recovers once
 * their memory is back, and admits new streams again; every cut client, resuming from the last
 * event it received, gets every record of its key exactly once and in order.
 */
@QuarkusTest
@TestProfile(OverloadBounds.class)
@WithTestResource(KafkaBrokerResource.class)
class OverloadTest {

  private static final int KEYS = 16;
  private static final int PER_KEY = 40;
  private static final int VALUE_BYTES = 4096;

  @TestHTTPResource("/")
  URL root;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @InjectKafka KafkaTestSupport kafka;
  @Inject PodWrites writes;

  @Test
  void aSaturatedPodRefusesWithRetryAfterRecoversAndItsCutClientsLoseNothing() throws Exception {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("overload"), 1);
    String url = root + "streams/" + topic;
    List<StalledClient> stalled = new ArrayList<>();
    for (int k = 0; k < KEYS; k++) {
      stalled.add(StalledClient.open(root, "/streams/" + topic + "?key=k" + k));
    }
    await().atMost(StreamTestSupport.TIMEOUT).until(() -> openOn(topic) == KEYS);
    double cutBefore = fellBehind();

    for (int i = 0; i < PER_KEY; i++) {
      for (int k = 0; k < KEYS; k++) {
        kafka.send(topic, 0, "k" + k, value(k, i));
      }
    }
    await().atMost(StreamTestSupport.TIMEOUT).until(writes::saturated);

    RawHttp.Answer refused = RawHttp.get(root.getPort(), "/streams/" + topic);
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    assertThat(refused.body()).contains("\"title\":\"Instance saturated\"", "\"status\":503");
    assertThat(Integer.parseInt(refused.header("Retry-After")))
        .isBetween(OverloadBounds.RETRY_AFTER_MIN, OverloadBounds.RETRY_AFTER_MAX);
    try (SseStream sse = SseStream.open(url)) {
      assertThat(sse.status()).as("an SSE client is refused alike").isEqualTo(503);
      assertThat(sse.header("Retry-After")).isNotNull();
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> !writes.saturated());
    assertThat(fellBehind() - cutBefore).as("clients that took no write were cut").isPositive();
    try (SseStream admitted = SseStream.open(url)) {
      assertThat(admitted.status()).as("admitted again once recovered").isEqualTo(200);
      StreamTestSupport.awaitEvent(admitted, "caught-up");
    }

    for (int k = 0; k < KEYS; k++) {
      StalledClient client = stalled.get(k);
      SseParser parser = new SseParser();
      List<String> got = new ArrayList<>(values(parser.feed(client.readWhatCame())));
      int before = got.size();
      try (SseStream resumed = StreamTestSupport.resume(url + "?key=k" + k, parser.lastEventId())) {
        assertThat(resumed.status()).isEqualTo(200);
        await()
            .atMost(StreamTestSupport.TIMEOUT)
            .until(() -> before + values(resumed.events()).size() >= PER_KEY);
        got.addAll(values(resumed.events()));
      }
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < PER_KEY; i++) {
        expected.add(value(k, i));
      }
      assertThat(got).as("key k%d: %d before the cut", k, before).isEqualTo(expected);
    }
  }

  /**
   * Vert.x writes a batch as an unreleasable view of it, so the pod gives each batch's reference
   * back when its write completes: once a client has read everything, the writes hold at most each
   * event loop's last join. Before, every batch ever written stayed allocated.
   */
  @Test
  void writtenBatchesGiveTheirMemoryBack() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("written"), 1);
    try (SseStream client = SseStream.open(root + "streams/" + topic)) {
      StreamTestSupport.awaitEvent(client, "caught-up");
      for (int i = 0; i < 200; i++) {
        kafka.send(topic, 0, "k", value(0, i)); // 800 KB: three times the budget
      }
      await().atMost(StreamTestSupport.TIMEOUT).until(() -> values(client.events()).size() == 200);
      int loops = 2 * Runtime.getRuntime().availableProcessors();
      await().atMost(Duration.ofSeconds(10)).until(() -> writes.budget().held() <= loops * 16_384L);
      assertThat(writes.saturated()).isFalse();
    }
  }

  private static String value(int key, int i) {
    String head = "k" + key + "-" + i + "-";
    return head + "x".repeat(VALUE_BYTES - head.length());
  }

  private static List<String> values(List<SseParser.SseEvent> events) {
    return events.stream().filter(e -> e.type().equals("message")).map(e -> e.data()).toList();
  }

  private double openOn(String topic) {
    return PrometheusScrape.of(metrics.toString())
        .sum("streamgate_topic_streams_open", "topic", topic);
  }

  private double fellBehind() {
    return PrometheusScrape.of(metrics.toString())
        .sum("streamgate_streams_closed_total", "reason", "fell-behind");
  }

  /**
   * A client that reads its answer's head and then nothing, with a small receive buffer, as a
   * client on a stalled network would; later it reads what reached it, until the server closes or
   * two seconds pass in silence or five in all.
   */
  private static final class StalledClient {

    private final Socket socket;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    private StalledClient(Socket socket) {
      this.socket = socket;
    }

    static StalledClient open(URL root, String target) throws IOException {
      Socket socket = new Socket();
      socket.setReceiveBufferSize(8192);
      socket.connect(new InetSocketAddress(root.getHost(), root.getPort()), 5000);
      socket
          .getOutputStream()
          .write(
              ("GET "
                      + target
                      + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      StalledClient client = new StalledClient(socket);
      client.readHead();
      return client;
    }

    private void readHead() throws IOException {
      socket.setSoTimeout(10_000);
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[1024];
      while (!received.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
        int n = in.read(buffer);
        if (n < 0) {
          throw new IOException("closed before the head");
        }
        received.write(buffer, 0, n);
      }
      assertThat(received.toString(StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200");
    }

    /**
     * The stream's bytes that reached this client, de-chunked; the socket is closed after. Reads
     * until the server closes, two seconds pass in silence or five in all: a client that was not
     * cut keeps getting heartbeats (one a second in tests), so silence alone would never come.
     */
    byte[] readWhatCame() throws IOException {
      try (socket) {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[65536];
        try {
          long left;
          while ((left = (end - System.nanoTime()) / 1_000_000) > 0) {
            socket.setSoTimeout((int) Math.min(2000, left));
            int n = in.read(buffer);
            if (n < 0) {
              break;
            }
            received.write(buffer, 0, n);
          }
        } catch (SocketTimeoutException | java.net.SocketException quietOrReset) {
          // the stream goes on (this client was not cut), or the cut reset the connection
        }
      }
      return dechunk(received.toByteArray());
    }

    /**
     * The body of an HTTP/1.1 chunked answer, up to where it was cut (a last chunk may be part).
     */
    private static byte[] dechunk(byte[] answer) {
      String text = new String(answer, StandardCharsets.ISO_8859_1);
      int at = text.indexOf("\r\n\r\n") + 4;
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (at < answer.length) {
        int lineEnd = text.indexOf("\r\n", at);
        if (lineEnd < 0) {
          break;
        }
        int size = Integer.parseInt(text.substring(at, lineEnd).trim(), 16);
        if (size == 0) {
          break;
        }
        int start = lineEnd + 2;
        int length = Math.min(size, answer.length - start);
        body.write(answer, start, length);
        at = start + size + 2;
      }
      return body.toByteArray();
    }
  }
}
