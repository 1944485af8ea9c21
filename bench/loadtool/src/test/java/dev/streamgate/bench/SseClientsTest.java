package dev.streamgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared SSE client plumbing against a loopback server (the JDK's): readiness, refusals, ends, resume. */
class SseClientsTest {

  private HttpServer server;
  private ExecutorService pool;
  private final List<String> lastEventIds = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  /** Records its payloads as partition-sequence. */
  static class Rec extends SseClients.Client {
    final List<String> data = new CopyOnWriteArrayList<>();

    Rec(SseClients<?> owner, int idx) {
      super(owner, idx);
    }

    @Override
    void onPayload(Payload.Fields f, long now) {
      data.add(f.p + "-" + f.s);
    }
  }

  private static String payload(int p, long s) {
    return new String(Payload.build(p, s, 1, 64), StandardCharsets.US_ASCII);
  }

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    pool = Executors.newCachedThreadPool();
    server.setExecutor(pool);
    server.createContext("/hold", x -> stream(x, "event: caught-up\ndata: {}\n\ndata: not a payload\n\ndata: " + payload(2, 9) + "\n\n", true));
    server.createContext("/end", x -> stream(x, "id: 7\ndata: " + payload(1, 5) + "\n\n", false));
    server.createContext("/refuse", x -> {
      x.sendResponseHeaders(503, -1);
      x.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
    pool.shutdownNow();
  }

  private void stream(HttpExchange x, String body, boolean hold) throws IOException {
    String id = x.getRequestHeaders().getFirst("Last-Event-ID");
    lastEventIds.add(id == null ? "-" : id);
    x.getResponseHeaders().set("Content-Type", "text/event-stream");
    x.sendResponseHeaders(200, 0);
    OutputStream os = x.getResponseBody();
    os.write(body.getBytes(StandardCharsets.UTF_8));
    os.flush();
    if (hold) {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    x.close();
  }

  private SseClients<Rec> clients(String path, String readyOn) {
    return new SseClients<>(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path), readyOn, 2, 1, 2);
  }

  private static void await(BooleanSupplier condition) {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .pollInterval(java.time.Duration.ofMillis(10))
        .until(condition::getAsBoolean);
  }

  private static long deadline() {
    return System.nanoTime() + 20_000_000_000L;
  }

  @Test
  void readyOnHeadersAndDataGoesToTheClient() throws Exception {
    try (SseClients<Rec> cs = clients("/hold", "headers")) {
      for (int i = 0; i < 3; i++) {
        Rec c = cs.add(new Rec(cs, i));
        assertTrue(cs.acquire(deadline()));
        cs.open(c);
      }
      await(() -> cs.readyCount() == 3);
      for (Rec c : cs.clients()) await(() -> c.data.size() == 1);
      assertEquals(List.of("2-9"), cs.clients().get(0).data, "a control event is not data");
      assertEquals(3L, cs.unparsed(), "data that is not a payload");
      assertEquals(Map.of("caught-up", 3L), cs.controlEvents());
      assertEquals(Map.of("200", 3L), cs.statuses());
      assertEquals(3L, cs.connectMs().get("count"));
      assertEquals(0, cs.failures());
      assertEquals(List.of("-", "-", "-"), lastEventIds);
      assertTrue(cs.clients().get(0).loop != cs.clients().get(1).loop, "clients are spread over the loops");
      assertTrue(cs.clients().get(0).loop == cs.clients().get(2).loop);
    }
  }

  @Test
  void readyOnANamedControlEventOnly() throws Exception {
    try (SseClients<Rec> cs = clients("/hold", "event:caught-up")) {
      Rec c = cs.add(new Rec(cs, 0));
      assertTrue(cs.acquire(deadline()));
      cs.open(c);
      await(() -> c.ready);
      assertEquals(Map.of("caught-up", 1L), cs.controlEvents());
    }
    try (SseClients<Rec> cs = clients("/end", "event:caught-up")) {
      Rec c = cs.add(new Rec(cs, 0));
      assertTrue(cs.acquire(deadline()));
      cs.open(c);
      await(() -> c.failed);
      assertFalse(c.everReady, "headers and data do not make it ready");
      assertEquals(Map.of("closed before ready", 1L), cs.topErrors());
    }
  }

  @Test
  void aRefusalFailsTheClientAndFreesItsPermit() throws Exception {
    try (SseClients<Rec> cs = clients("/refuse", "headers")) {
      for (int i = 0; i < 3; i++) { // 2 permits: the third connect needs a failed one's
        Rec c = cs.add(new Rec(cs, i));
        assertTrue(cs.acquire(deadline()));
        cs.open(c);
      }
      await(() -> cs.failures() == 3);
      assertEquals(0, cs.readyCount());
      assertEquals(Map.of("HTTP 503", 3L), cs.topErrors());
      assertEquals(Map.of("503", 3L), cs.statuses());
    }
  }

  @Test
  void aServerCloseIsCountedAndAReopenResumesWithTheLastEventId() throws Exception {
    try (SseClients<Rec> cs = clients("/end", "headers")) {
      Rec c = cs.add(new Rec(cs, 0));
      assertTrue(cs.acquire(deadline()));
      cs.open(c);
      await(() -> cs.closes() == 1);
      assertFalse(c.ready);
      assertEquals("7", c.parser.lastEventId());
      c.resumeId = c.parser.lastEventId();
      assertTrue(cs.acquire(deadline()));
      cs.open(c);
      await(() -> cs.closes() == 2);
      assertEquals(List.of("-", "7"), lastEventIds);
      assertEquals(List.of("1-5", "1-5"), c.data);
      assertEquals(1, cs.readyCount(), "ready again is not a second connect");
      assertEquals(1L, cs.connectMs().get("count"));
    }
  }

  @Test
  void aClientThatCountsItsOwnEndIsNotCountedTwice() throws Exception {
    try (SseClients<Rec> cs = clients("/end", "headers")) {
      List<Boolean> ends = new CopyOnWriteArrayList<>();
      Rec c =
          cs.add(
              new Rec(cs, 0) {
                @Override
                void onStreamEnd() {
                  ends.add(true);
                  cs.countClose();
                  closing = true;
                }
              });
      assertTrue(cs.acquire(deadline()));
      cs.open(c);
      await(() -> !ends.isEmpty());
      // and no second close follows
      org.awaitility.Awaitility.await()
          .during(java.time.Duration.ofMillis(200))
          .atMost(java.time.Duration.ofSeconds(2))
          .until(() -> cs.closes() == 1L);
      assertTrue(c.ready, "a close the client expected leaves it as it was");
      assertEquals(0, cs.failures());
    }
  }

  @Test
  void closingOnPurposeIsNotAClose() throws Exception {
    SseClients<Rec> cs = clients("/hold", "headers");
    for (int i = 0; i < 2; i++) {
      Rec c = cs.add(new Rec(cs, i));
      assertTrue(cs.acquire(deadline()));
      cs.open(c);
    }
    await(() -> cs.readyCount() == 2);
    cs.close();
    cs.close(); // a second close does nothing
    assertEquals(0L, cs.closes());
    assertEquals(0, cs.failures());
  }
}
