package dev.streamgate.tail;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A topic reader's lifecycle in one field: {@code NEW → RUNNING → RETIRED(why) | STOPPED}, changed
 * only by compare-and-set. Two threads end a reader: its poll thread (offsets out of range) and the
 * registry's (a deleted or recreated topic, the linger, shutdown). Exactly one transition out of
 * {@code NEW}/{@code RUNNING} wins, and only its caller does the ending's work (one log line, one
 * wake-up of the clients). The retire reason is part of the same immutable value as the phase, so
 * whoever sees {@code RETIRED} sees its reason.
 *
 * <p>{@code RETIRED} and {@code STOPPED} are both final: a stop after a retire leaves the reader
 * retired (its clients must still see it), and a retire after a stop does nothing (a stopped reader
 * has no clients left, or the pod is shutting down).
 *
 * <p>Threads: any thread; the poll thread reads the phase once per poll (one volatile read).
 */
final class TailLifecycle {

  enum Phase {
    NEW,
    RUNNING,
    RETIRED,
    STOPPED
  }

  /** A phase and, for {@code RETIRED}, why. */
  record State(Phase phase, String reason) {}

  private static final State NEW = new State(Phase.NEW, null);
  private static final State RUNNING = new State(Phase.RUNNING, null);
  private static final State STOPPED = new State(Phase.STOPPED, null);

  private final AtomicReference<State> state = new AtomicReference<>(NEW);

  /** Counted down by the transition that ends the reader; wakes its backoff early. */
  private final CountDownLatch ended = new CountDownLatch(1);

  State state() {
    return state.get();
  }

  boolean running() {
    return state.get().phase() == Phase.RUNNING;
  }

  boolean retired() {
    return state.get().phase() == Phase.RETIRED;
  }

  /** {@code NEW → RUNNING}; false when the reader was retired or stopped before it started. */
  boolean start() {
    return state.compareAndSet(NEW, RUNNING);
  }

  /** {@code NEW | RUNNING → RETIRED(why)}; true for the one caller that moved it. */
  boolean retire(String why) {
    return end(new State(Phase.RETIRED, why));
  }

  /** {@code NEW | RUNNING → STOPPED}; true for the one caller that moved it. */
  boolean stop() {
    return end(STOPPED);
  }

  private boolean end(State to) {
    State now = state.get();
    while (now.phase() == Phase.NEW || now.phase() == Phase.RUNNING) {
      if (state.compareAndSet(now, to)) {
        ended.countDown();
        return true;
      }
      now = state.get();
    }
    return false;
  }

  /**
   * Waits {@code millis}, or less if the reader ends meanwhile (a backoff that stop cuts short).
   */
  void pause(long millis) {
    try {
      ended.await(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
