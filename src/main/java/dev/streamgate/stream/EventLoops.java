package dev.streamgate.stream;

import io.vertx.core.Context;
import io.vertx.core.impl.ContextInternal;

/**
 * The one place that uses Vert.x internal API: the public {@link Context} can schedule a task but
 * not name its event loop, find the loop's base context behind a request's duplicated context, or
 * run a task in a context from code already on that loop ({@link LoopSignals} needs all three).
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
}
