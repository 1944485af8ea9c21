package dev.streamgate.stream.loop;

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
 * profile. Turns stay serialised per stream (a client stream schedules itself at most once) and run
 * on the thread that owns the stream's connection.
 *
 * <p>A shared turn is a slice of at most {@link #SLICE_NANOS} of streams' turns; the rest run in
 * the next slice, after the loop has served its I/O (accepts, requests, closes). One task for every
 * stream of a busy loop held the loop's I/O for its whole length: in a reconnect storm, 2,500
 * streams' turns per loop kept each new request waiting 300-1,000 ms before it was read.
 */
public final class LoopSignals {

  /** How long a shared turn runs streams' turns before the loop serves its I/O again. */
  static final long SLICE_NANOS = 1_000_000;

  /** Streams run between two reads of the clock. */
  private static final int CLOCK_EVERY = 8;

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
  public static Executor of(Context context, Map<Object, LoopSignals> loops) {
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
    long deadline = System.nanoTime() + SLICE_NANOS;
    int ran = 0;
    Bound bound;
    while ((bound = tasks.poll()) != null) {
      bound.run();
      if (++ran % CLOCK_EVERY == 0 && System.nanoTime() - deadline >= 0) {
        break;
      }
    }
    // The rest (each stream is queued at most once) after the loop's next I/O: a task queued
    // with runOnContext would run before it, as Netty runs up to 64 tasks between two reads of
    // its deadline.
    if (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
      EventLoops.afterIo(context, this::runAll);
    }
  }
}
