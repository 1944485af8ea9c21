package dev.streamgate.stream.loop;

import io.vertx.core.Context;
import io.vertx.core.impl.ContextInternal;
import java.util.concurrent.TimeUnit;

/**
 * The one place that uses Vert.x internal API: the public {@link Context} can schedule a task but
 * not name its event loop, find the loop's base context behind a request's duplicated context, or
 * run a task in a context from code already on that loop, or run a task after the loop's next I/O
 * ({@link LoopSignals} needs all four).
 */
final class EventLoops {

  private EventLoops() {}

  /** The Netty event loop that runs {@code context} (the same for all of a loop's contexts). */
  static Object eventLoop(Context context) {
    return ((ContextInternal) context).nettyEventLoop();
  }

  /** The event loop's base context behind {@code context}, retaining no request's state. */
  static Context base(Context context) {
    return ((ContextInternal) context).unwrap();
  }

  /** Runs {@code task} now, on the calling thread, as if in {@code context} (its locals, MDC). */
  static void dispatch(Context context, Runnable task) {
    ((ContextInternal) context).dispatch(task);
  }

  /**
   * Runs {@code task} on {@code context}'s event loop after the loop has served its ready I/O once
   * more: a task scheduled with no delay is taken at the start of the loop's next task phase, which
   * follows its next poll of the sockets, while a task queued with {@link Context#runOnContext} can
   * run in the current one.
   */
  static void afterIo(Context context, Runnable task) {
    ((ContextInternal) context).nettyEventLoop().schedule(task, 0, TimeUnit.NANOSECONDS);
  }
}
