package dev.streamgate.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Streams signalled from another thread each run once, on their event loop and in their own
 * context, through one queue per event loop.
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
}
