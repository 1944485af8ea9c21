package dev.streamgate.stream.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.impl.ContextInternal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Streams signalled from another thread each run once, on their event loop and in their own
 * context, through one queue per event loop; a long shared turn lets the loop serve its I/O between
 * slices.
 */
class LoopSignalsTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void everySignalledStreamRunsOnceInItsOwnContextOnItsEventLoop() throws Exception {
    ContextInternal base = (ContextInternal) vertx.getOrCreateContext();
    Map<Object, LoopSignals> loops = new ConcurrentHashMap<>();
    int streams = 5_000;
    List<Context> contexts = new ArrayList<>();
    List<Executor> executors = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      Context own = base.duplicate();
      contexts.add(own);
      executors.add(LoopSignals.of(own, loops));
    }
    assertThat(loops).hasSize(1);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    Map<Integer, Integer> runs = new ConcurrentHashMap<>();
    AtomicInteger wrongContext = new AtomicInteger();
    Thread tail =
        new Thread(
            () -> {
              for (int i = 0; i < streams; i++) {
                int n = i;
                executors
                    .get(i)
                    .execute(
                        () -> {
                          threads.add(Thread.currentThread().getName());
                          if (Vertx.currentContext() != contexts.get(n)) {
                            wrongContext.incrementAndGet();
                          }
                          runs.merge(n, 1, Integer::sum);
                        });
              }
            });
    tail.start();
    tail.join();
    await().atMost(Duration.ofSeconds(20)).until(() -> runs.size() == streams);
    assertThat(runs.values()).allMatch(count -> count == 1);
    assertThat(wrongContext).hasValue(0);
    assertThat(threads).hasSize(1).allMatch(name -> name.startsWith("vert.x-eventloop-thread"));
  }

  @Test
  void aLongSharedTurnLetsItsLoopServeRequestsBetweenSlices() throws Exception {
    ContextInternal base = (ContextInternal) vertx.getOrCreateContext();
    AtomicInteger ran = new AtomicInteger();
    AtomicInteger ranWhenServed = new AtomicInteger(-1);
    CompletableFuture<HttpServer> listening = new CompletableFuture<>();
    base.runOnContext(
        ignored ->
            vertx
                .createHttpServer()
                .requestHandler(
                    request -> {
                      ranWhenServed.set(ran.get());
                      request.response().end("served");
                    })
                .listen(0, "127.0.0.1")
                .onComplete(done -> listening.complete(done.result())));
    int port = listening.get().actualPort();
    Map<Object, LoopSignals> loops = new ConcurrentHashMap<>();
    int streams = 10_000;
    List<Executor> executors = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      executors.add(LoopSignals.of(base.duplicate(), loops));
    }
    // every turn holds the loop for 100 µs: 10,000 of them are a second of the loop's time
    executors.forEach(executor -> executor.execute(() -> spin(100_000, ran)));
    await().atMost(Duration.ofSeconds(20)).until(() -> ran.get() > 0);

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.body()).isEqualTo("served");
    assertThat(ranWhenServed.get()).isBetween(1, streams / 2);
    await().atMost(Duration.ofSeconds(20)).until(() -> ran.get() == streams);
  }

  private static void spin(long nanos, AtomicInteger ran) {
    long until = System.nanoTime() + nanos;
    while (System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    ran.incrementAndGet();
  }
}
