package dev.streamgate.stream;

import io.vertx.core.Context;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs streams' turns on their event loops, one task per event loop for all the streams signalled
 * together. After each poll a topic's reader signals every client; one task per client meant one
 * event-loop wake-up and one context dispatch per client per poll, the largest item of the fan-out
 * profile. Turns stay serialised per stream ({@link ClientStream} schedules itself at most once)
 * and run on the thread that owns the stream's connection.
 */
final class LoopSignals {

  private static final int MAX_PER_TURN = 4096;

  private final Context context;
  private final Queue<Bound> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  private LoopSignals(Context context) {
    this.context = context;
  }

  /**
   * The executor of the event loop that runs {@code context}, from {@code loops} (one per event
   * loop; the loop's base context, not the request's, so that no request's state is retained).
   */
  static Executor of(Context context, Map<Object, LoopSignals> loops) {
    LoopSignals loop =
        loops.computeIfAbsent(
            EventLoops.eventLoop(context), ignored -> new LoopSignals(EventLoops.base(context)));
    return new Bound(loop, context);
  }

  /**
   * One stream's executor: its task runs in the stream's own context (request-scoped state such as
   * the log's MDC), within the loop's shared turn. A stream schedules one task at a time.
   */
  private static final class Bound implements Executor {

    private final LoopSignals loop;
    private final Context context;
    private volatile Runnable task;

    Bound(LoopSignals loop, Context context) {
      this.loop = loop;
      this.context = context;
    }

    @Override
    public void execute(Runnable command) {
      task = command;
      loop.enqueue(this);
    }

    void run() {
      EventLoops.dispatch(context, task);
    }
  }

  private void enqueue(Bound bound) {
    tasks.add(bound);
    if (scheduled.compareAndSet(false, true)) {
      context.runOnContext(ignored -> runAll());
    }
  }

  private void runAll() {
    scheduled.set(false);
    // A bounded turn (each stream is queued at most once, so this is every stream signalled so
    // far on a busy pod); the rest get their own turn after the loop's I/O.
    for (int n = 0; n < MAX_PER_TURN; n++) {
      Bound bound = tasks.poll();
      if (bound == null) {
        break;
      }
      bound.run();
    }
    if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
      context.runOnContext(ignored -> runAll());
    }
  }
}
