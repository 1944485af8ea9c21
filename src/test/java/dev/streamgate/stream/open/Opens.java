package dev.streamgate.stream.open;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.streamgate.problem.ProblemException;
import dev.streamgate.security.Caller;
import dev.streamgate.select.Evaluations;
import dev.streamgate.select.FilterCompiler;
import dev.streamgate.select.Selection;
import dev.streamgate.select.SelectionCache;
import dev.streamgate.select.SelectionLimits;
import dev.streamgate.stream.delivery.RecordFilter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Opens through the opener itself, as the route does but without HTTP: on a Vert.x context's worker
 * thread (the open pool's kind), so the stream runs on that context's event loop.
 */
final class Opens {

  private static final SelectionCache SELECTIONS =
      new SelectionCache(new FilterCompiler(SelectionLimits.DEFAULTS), 64, new Evaluations());

  private final Vertx vertx;

  Opens(Vertx vertx) {
    this.vertx = vertx;
  }

  /** A parsed request for {@code path}, {@code from} (null: latest), with a CEL filter or none. */
  static StreamRequest request(String path, String from, String filter) {
    return request(path, from, filter, null);
  }

  /** The same, conflated to {@code conflate} ({@code 250ms}; null: not conflated). */
  static StreamRequest request(String path, String from, String filter, String conflate) {
    StreamRequest parsed =
        StreamRequest.parse(
            new StreamRequest.Raw(
                path, null, null, null, from, null, List.of(), List.of(), filter, null, null,
                conflate),
            16);
    return filter == null ? parsed : parsed.with(parsed.filter().with(selection(filter)));
  }

  /** The compiled selection of a CEL filter. */
  static Selection selection(String filter) {
    return SELECTIONS.of(Optional.empty(), Optional.of(filter), Optional.empty()).orElseThrow();
  }

  /** No key or type filter, no selection. */
  static RecordFilter noFilter() {
    return new RecordFilter(Set.of(), Set.of());
  }

  /** The stream {@code opener} opens on the open pool, or what it threw. */
  Multi<Buffer> onPool(StreamOpener opener, StreamRequest request, String address)
      throws Throwable {
    try {
      return vertx
          .getOrCreateContext()
          .executeBlocking(() -> opener.open(request, address, Caller.unrestricted()), false)
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause();
    }
  }

  /** The problem an open on the pool was refused with. */
  ProblemException refusal(StreamOpener opener, StreamRequest request, String address) {
    Throwable thrown = catchThrowable(() -> onPool(opener, request, address));
    assertThat(thrown).isInstanceOf(ProblemException.class);
    return (ProblemException) thrown;
  }

  /** A running stream: subscribed, its opening events received. */
  static AssertSubscriber<Buffer> run(Multi<Buffer> stream) {
    AssertSubscriber<Buffer> client =
        stream.subscribe().withSubscriber(AssertSubscriber.create(16));
    client.awaitItems(1, Duration.ofSeconds(30));
    return client;
  }
}
