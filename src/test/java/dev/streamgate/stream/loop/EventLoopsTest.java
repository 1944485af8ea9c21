package dev.streamgate.stream.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the stream's loop needs from a request's Vert.x context, through the one internal door. */
class EventLoopsTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  @Test
  void aRequestContextNamesItsEventLoopAndBaseContext() {
    ContextInternal base = (ContextInternal) vertx.getOrCreateContext();
    Context request = base.duplicate();
    assertThat(request).isNotSameAs(base);
    assertThat(EventLoops.base(request)).isSameAs(base);
    assertThat(EventLoops.eventLoop(request))
        .isSameAs(EventLoops.eventLoop(base))
        .isSameAs(base.nettyEventLoop());
  }

  @Test
  void dispatchRunsTheTaskNowInTheGivenContext() throws Exception {
    ContextInternal base = (ContextInternal) vertx.getOrCreateContext();
    Context request = base.duplicate();
    CompletableFuture<Boolean> ranInRequest = new CompletableFuture<>();
    base.runOnContext(
        ignored -> {
          Thread loop = Thread.currentThread();
          boolean[] inline = new boolean[1];
          EventLoops.dispatch(
              request,
              () ->
                  inline[0] = Vertx.currentContext() == request && Thread.currentThread() == loop);
          ranInRequest.complete(inline[0] && Vertx.currentContext() == base);
        });
    assertThat(ranInRequest.get(10, TimeUnit.SECONDS)).isTrue();
  }
}
