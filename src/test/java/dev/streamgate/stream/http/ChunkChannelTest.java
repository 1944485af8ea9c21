package dev.streamgate.stream.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The door below Vert.x's response, against a real Vert.x HTTP server and real clients: chunks
 * written to the channel between the head and the end Vert.x writes make a valid chunked response,
 * their references are released, the idle timeout sees them, writability and Vert.x's drain handler
 * follow them, and the door stays shut where chunks must not bypass Vert.x.
 */
class ChunkChannelTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void chunksWrittenToTheChannelMakeAValidChunkedResponseAndAreReleased() throws Exception {
    List<ByteBuf> chunks = new CopyOnWriteArrayList<>();
    int port =
        serve(
            new HttpServerOptions(),
            (request, response) -> {
              ChunkChannel channel = ChunkChannel.of(request, response);
              response
                  .writeHead()
                  .onSuccess(
                      head -> {
                        for (String text : List.of("id: 1\ndata: a\n\n", "id: 2\ndata: b\n\n")) {
                          ByteBuf chunk = chunk(text);
                          chunks.add(chunk);
                          channel.write(chunk);
                        }
                        response.end();
                      });
            });

    String raw = exchange(port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

    String[] parts = raw.split("\r\n\r\n", 2);
    assertThat(parts[0])
        .startsWith("HTTP/1.1 200")
        .containsIgnoringCase("transfer-encoding: chunked");
    assertThat(parts[1])
        .isEqualTo("f\r\nid: 1\ndata: a\n\n\r\nf\r\nid: 2\ndata: b\n\n\r\n0\r\n\r\n");
    await().atMost(WAIT).until(() -> chunks.stream().allMatch(c -> c.refCnt() == 0));
    HttpResponse<String> decoded =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                    .timeout(WAIT)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(decoded.body()).isEqualTo("id: 1\ndata: a\n\nid: 2\ndata: b\n\n");
  }

  @Test
  void aChunkWrittenAfterTheClientLeftIsReleased() throws Exception {
    CompletableFuture<ByteBuf> written = new CompletableFuture<>();
    int port =
        serve(
            new HttpServerOptions(),
            (request, response) -> {
              ChunkChannel channel = ChunkChannel.of(request, response);
              response.closeHandler(
                  closed -> {
                    ByteBuf chunk = chunk("late\n\n");
                    channel.write(chunk);
                    written.complete(chunk);
                  });
              response.writeHead();
            });
    try (Socket socket = connect(port)) {
      socket.getOutputStream().write(request("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
      readUntil(socket.getInputStream(), "\r\n\r\n");
    }
    ByteBuf chunk = written.get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> chunk.refCnt() == 0);
  }

  @Test
  void theIdleTimeoutCountsChunksAndStillClosesAConnectionThatStopsGettingThem() throws Exception {
    int port =
        serve(
            new HttpServerOptions().setIdleTimeout(1),
            (request, response) -> {
              ChunkChannel channel = ChunkChannel.of(request, response);
              AtomicInteger sent = new AtomicInteger();
              response
                  .writeHead()
                  .onSuccess(
                      head ->
                          vertx.setPeriodic(
                              250,
                              timer -> {
                                channel.write(chunk("tick " + sent.incrementAndGet() + "\n"));
                                if (sent.get() == 10) {
                                  vertx.cancelTimer(timer);
                                }
                              }));
            });
    try (Socket socket = connect(port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
      long start = System.nanoTime();
      String all = readToEnd(socket.getInputStream());
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      assertThat(all).as("2.5 s of chunks under a 1 s idle timeout").contains("tick 10\n");
      assertThat(all).doesNotContain("0\r\n\r\n");
      assertThat(seconds).as("closed by the idle timeout once the chunks stopped").isLessThan(8);
    }
  }

  @Test
  void aFullChannelIsNotWritableAndVertxDrainsItsResponse() throws Exception {
    AtomicReference<HttpServerResponse> served = new AtomicReference<>();
    AtomicInteger chunks = new AtomicInteger();
    List<Boolean> writableOnDrain = new CopyOnWriteArrayList<>();
    int port =
        serve(
            new HttpServerOptions(),
            (request, response) -> {
              ChunkChannel channel = ChunkChannel.of(request, response);
              served.set(response);
              String block = "x".repeat(16 * 1024);
              // as a stream does: write while the channel has room, more when Vert.x says it
              // drained
              Runnable pump =
                  () -> {
                    while (channel.isWritable()) {
                      channel.write(chunk(block));
                      chunks.incrementAndGet();
                    }
                  };
              response.drainHandler(
                  ignored -> {
                    writableOnDrain.add(channel.isWritable());
                    pump.run();
                  });
              response.writeHead().onSuccess(head -> pump.run());
            });
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.connect(new InetSocketAddress("localhost", port), 5000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
      await()
          .atMost(WAIT)
          .during(Duration.ofMillis(500))
          .until(() -> served.get() != null && served.get().writeQueueFull());
      int full = chunks.get();
      int drains = writableOnDrain.size();
      InputStream in = socket.getInputStream();
      byte[] sink = new byte[64 * 1024];
      for (long read = 0, n; read < 4L * full * 16 * 1024; read += n) {
        n = in.read(sink);
        assertThat(n).as("the connection stays open").isNotNegative();
      }
      await().atMost(WAIT).until(() -> writableOnDrain.size() > drains && chunks.get() > full);
      assertThat(writableOnDrain)
          .as("Vert.x calls the drain handler when writable")
          .containsOnly(true);
    }
  }

  @Test
  void theDoorStaysShutWhereChunksMustGoThroughVertx() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>("");
    Handler<HttpServerRequest> record =
        request -> {
          HttpServerResponse response = request.response();
          boolean chunked = !request.path().equals("/fixed");
          if (chunked) {
            response.setChunked(true);
          } else {
            response.putHeader("Content-Length", "2");
          }
          seen.getAndUpdate(
              s ->
                  s
                      + request.version()
                      + request.path()
                      + "="
                      + (ChunkChannel.of(request, response) != null)
                      + ";");
          response.end("ok");
        };
    int plain = listen(new HttpServerOptions(), record);
    int compressing = listen(new HttpServerOptions().setCompressionSupported(true), record);

    exchange(plain, "GET /one HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    exchange(plain, "GET /old HTTP/1.0\r\nHost: x\r\n\r\n");
    exchange(plain, "GET /fixed HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    exchange(compressing, "GET /gzip HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    var client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
    String h2 =
        client
            .request(HttpMethod.GET, plain, "localhost", "/h2")
            .compose(r -> r.send().compose(a -> a.body()))
            .map(Buffer::toString)
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);

    assertThat(h2).isEqualTo("ok");
    assertThat(seen.get())
        .isEqualTo(
            "HTTP_1_1/one=true;HTTP_1_0/old=false;HTTP_1_1/fixed=false;HTTP_1_1/gzip=false;"
                + "HTTP_2/h2=false;");
  }

  @Test
  void theBufferUnderAVertxBufferIsItsOwnReference() {
    ByteBuf pooled = chunk("a");
    assertThat(ChunkChannel.content(Buffer.buffer(pooled))).isSameAs(pooled);
    assertThat(Buffer.buffer(pooled).getByteBuf().release())
        .as("what Vert.x hands out is never released")
        .isFalse();
    assertThat(pooled.refCnt()).isOne();
    pooled.release();
  }

  /** A complete chunk for {@code text}, in a pooled direct buffer like the streams' joins. */
  private static ByteBuf chunk(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ByteBuf chunk = PooledByteBufAllocator.DEFAULT.directBuffer();
    chunk.writeCharSequence(Integer.toHexString(bytes.length) + "\r\n", StandardCharsets.US_ASCII);
    chunk.writeBytes(bytes);
    chunk.writeCharSequence("\r\n", StandardCharsets.US_ASCII);
    return chunk;
  }

  /** An HTTP/1.1 server whose requests get a chunked response handed to {@code handler}. */
  private int serve(
      HttpServerOptions options, BiConsumer<HttpServerRequest, HttpServerResponse> handler)
      throws Exception {
    return listen(
        options,
        request -> {
          HttpServerResponse response = request.response().setChunked(true);
          assertThat(ChunkChannel.of(request, response)).isNotNull();
          handler.accept(request, response);
        });
  }

  private int listen(HttpServerOptions options, Handler<HttpServerRequest> handler)
      throws Exception {
    HttpServer server =
        vertx
            .createHttpServer(options.setPort(0).setHost("localhost"))
            .requestHandler(handler)
            .listen()
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    return server.actualPort();
  }

  private static Socket connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("localhost", port), 5000);
    socket.setSoTimeout(10_000);
    return socket;
  }

  private static byte[] request(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** Sends {@code request} and reads until the server closes the connection. */
  private static String exchange(int port, String request) throws IOException {
    try (Socket socket = connect(port)) {
      socket.getOutputStream().write(request(request));
      return readToEnd(socket.getInputStream());
    }
  }

  private static String readToEnd(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        all.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("not closed: " + all.toString(StandardCharsets.UTF_8), e);
    }
    return all.toString(StandardCharsets.UTF_8);
  }

  private static void readUntil(InputStream in, String end) throws IOException {
    StringBuilder seen = new StringBuilder();
    while (seen.indexOf(end) < 0) {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("closed before " + end.replace("\r\n", "CRLF"));
      }
      seen.append((char) b);
    }
  }
}
