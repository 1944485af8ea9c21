package dev.streamgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Clients that come back by themselves ({@link ReconnectingClient}) through the overload command,
 * against a small SSE server (the JDK's) that ends every stream after five events with {@code
 * retry: 100} sent, and refuses the first five reconnects with 503 and Retry-After: 1: the clients
 * wait what they are told, reconnect with their last id, and get every event exactly once; the
 * overload's figures say so.
 */
class ReconnectingClientTest {

  private HttpServer server;
  private ExecutorService pool;
  private final List<String> published = new CopyOnWriteArrayList<>();
  private final List<String> resumedWith = new CopyOnWriteArrayList<>();
  private final AtomicInteger refused = new AtomicInteger();
  private volatile boolean stopping;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    pool = Executors.newCachedThreadPool();
    server.setExecutor(pool);
    server.createContext("/pub", this::publish);
    server.createContext("/sub", this::subscribe);
    server.start();
  }

  @AfterEach
  void stop() {
    stopping = true;
    synchronized (published) {
      published.notifyAll();
    }
    server.stop(0);
    pool.shutdownNow();
  }

  private void publish(HttpExchange x) throws IOException {
    published.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII));
    synchronized (published) {
      published.notifyAll(); // wakes the streams waiting for the next event
    }
    x.sendResponseHeaders(200, -1);
    x.close();
  }

  private void subscribe(HttpExchange x) throws IOException {
    String last = x.getRequestHeaders().getFirst("Last-Event-ID");
    if (last != null && refused.incrementAndGet() <= 5) { // the first five reconnects are refused
      x.getResponseHeaders().set("Retry-After", "1");
      x.sendResponseHeaders(503, -1);
      x.close();
      return;
    }
    if (last != null) resumedWith.add(last);
    int next = last == null ? published.size() : Integer.parseInt(last) + 1;
    x.getResponseHeaders().set("Content-Type", "text/event-stream");
    x.sendResponseHeaders(200, 0);
    OutputStream os = x.getResponseBody();
    try {
      os.write("retry: 100\n:\n\n".getBytes(StandardCharsets.US_ASCII));
      os.flush();
      int sent = 0;
      while (!stopping && sent < 5) { // the stream ends after five events: the client comes back
        if (next < published.size()) {
          os.write(("id: " + next + "\ndata: " + published.get(next) + "\n\n").getBytes(StandardCharsets.US_ASCII));
          os.flush();
          next++;
          sent++;
        } else {
          synchronized (published) {
            if (next >= published.size() && !stopping) published.wait(100); // woken by a publish
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException closedByTheClient) {
      // the end of the run
    } finally {
      x.close();
    }
  }

  @Test
  void retryAfterThenRetryThenLastIdAndEveryEventOnce(@TempDir Path dir) throws Exception {
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    Path out = dir.resolve("r.jsonl");
    int rc = new CommandLine(new OverloadCommand()).execute(
        "--url", base + "/sub", "--connections", "5", "--ready-on", "headers", "--produce", "http",
        "--publish-url", base + "/pub", "--capacity", "20", "--over-factor", "2", "--over-seconds", "1",
        "--after-factor", "0.5", "--after-seconds", "2", "--drain-timeout", "20", "--partitions", "1",
        "--payload", "64", "--connect-timeout", "20", "--max-duration", "60", "--source-ips", "1",
        "--out", out.toString(), "--system", "fake", "--scenario", "overload");
    assertEquals(0, rc);
    JsonNode r = new ObjectMapper().readTree(Files.readAllLines(out).get(0));
    assertEquals(5, r.path("connectionsReady").asInt(), r.toString());
    assertEquals(5, r.path("clientsBack").asInt(), r.toString());
    assertEquals(5, r.path("clientsExact").asInt(), r.toString());
    assertEquals(0, r.path("lostEvents").asLong(), r.toString());
    assertTrue(r.path("allBackSeconds").isNumber(), r.toString());
    assertTrue(r.path("reconnects").asLong() >= 5, r.toString());
    assertTrue(!resumedWith.isEmpty(), "reconnects send Last-Event-ID");
    assertEquals(5, r.path("disconnects").path("HTTP 503").asLong(), r.toString());
  }

  @Test
  void theDelayIsRetryAfterThenRetryThenTheDefault() {
    assertEquals(7000, ReconnectingClient.delayMillis("7", 100));
    assertEquals(100, ReconnectingClient.delayMillis(null, 100));
    assertEquals(ReconnectingClient.DEFAULT_RETRY_MILLIS, ReconnectingClient.delayMillis(null, -1));
    assertEquals(250, ReconnectingClient.delayMillis("Wed, 21 Oct 2015 07:28:00 GMT", 250), "a date falls back");
  }
}
