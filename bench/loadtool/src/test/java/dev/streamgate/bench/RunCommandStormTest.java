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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The storm's resume test against a small pub/sub SSE server (the JDK's) that, like nchan, answers
 * a reconnect's headers at once and sends the backlog after the Last-Event-ID only later: a client
 * is resumed when it has every event sent before it reconnected, not when its headers arrive.
 */
class RunCommandStormTest {

  private static final long BACKLOG_DELAY_MS = 600;
  /**
   * A first connection gets the events below this id only, so that every client lacks events at
   * the drop (the storm comes 1 s into 50 events/s) and must wait for its backlog.
   */
  private static final int FIRST_CONNECTION_LAST = 25;

  private HttpServer server;
  private ExecutorService pool;
  private final List<String> published = new ArrayList<>(); // guarded by itself; index = event id
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
    String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII);
    synchronized (published) {
      published.add(body);
      published.notifyAll();
    }
    x.sendResponseHeaders(200, -1);
    x.close();
  }

  /**
   * Headers at once. A first connection then gets the events below FIRST_CONNECTION_LAST and nothing
   * more; a reconnect (Last-Event-ID) gets its backlog only after BACKLOG_DELAY_MS, then live events.
   */
  private void subscribe(HttpExchange x) throws IOException {
    String last = x.getRequestHeaders().getFirst("Last-Event-ID");
    int next;
    synchronized (published) {
      next = last == null ? published.size() : Integer.parseInt(last) + 1; // a new client starts live
    }
    x.getResponseHeaders().set("Content-Type", "text/event-stream");
    x.sendResponseHeaders(200, 0);
    OutputStream os = x.getResponseBody();
    os.write(":\n\n".getBytes(StandardCharsets.US_ASCII));
    os.flush();
    try {
      if (last != null) {
        long until = System.currentTimeMillis() + BACKLOG_DELAY_MS;
        synchronized (published) {
          for (long left; (left = until - System.currentTimeMillis()) > 0 && !stopping; ) published.wait(left);
        }
      }
      int end = last == null ? FIRST_CONNECTION_LAST : Integer.MAX_VALUE;
      while (!stopping) {
        List<String> batch = new ArrayList<>();
        synchronized (published) {
          while ((next >= published.size() || next >= end) && !stopping) published.wait();
          for (; next < Math.min(published.size(), end); next++) batch.add("id: " + next + "\ndata: " + published.get(next) + "\n\n");
        }
        for (String frame : batch) os.write(frame.getBytes(StandardCharsets.US_ASCII));
        os.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException closedByTheClient) {
      // the storm's drop, or the end of the run
    } finally {
      x.close();
    }
  }

  @Test
  void aClientIsResumedWhenItHasTheBacklogNotWhenItsHeadersArrive(@TempDir Path dir) throws Exception {
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    Path out = dir.resolve("r.jsonl");
    int rc =
        new CommandLine(new RunCommand())
            .execute(
                "--url", base + "/sub", "--connections", "20", "--ready-on", "headers", "--produce", "http",
                "--publish-url", base + "/pub", "--events", "150", "--rate", "50", "--partitions", "3",
                "--payload", "64", "--storm-at", "1", "--settle", "0", "--drain-timeout", "20",
                "--connect-timeout", "20", "--max-duration", "60", "--source-ips", "1", "--out", out.toString(),
                "--system", "fake", "--scenario", "storm");
    assertEquals(0, rc);
    JsonNode r = new ObjectMapper().readTree(Files.readAllLines(out).get(0));
    assertEquals(20, r.path("stormDropped").asInt(), r.toString());
    assertEquals(20, r.path("stormReconnected").asInt(), r.toString());
    assertEquals(20, r.path("stormResumed").asInt(), r.toString());
    assertEquals(0, r.path("gaps").asLong() + r.path("duplicates").asLong() + r.path("missing").asLong(), r.toString());
    double reconnectP50 = r.path("stormReconnectMs").path("p50").asDouble();
    double resumeP50 = r.path("stormResumeMs").path("p50").asDouble();
    // Every client's resume comes the backlog's delay after the server sent its headers, so (less
    // the headers' own way to the client) well after the client had them.
    assertTrue(resumeP50 >= reconnectP50 + BACKLOG_DELAY_MS / 2.0, "reconnect p50 " + reconnectP50 + " ms, resume p50 " + resumeP50 + " ms");
    assertTrue(r.path("stormAllResumedSeconds").asDouble() * 1000 >= BACKLOG_DELAY_MS / 2.0, r.toString());
  }
}
