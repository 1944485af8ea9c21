package dev.streamgate.tail;

/**
 * When a topic's reader wakes its streams: write batching by design, not only by load.
 *
 * <p>Every wake-up costs each stream of the topic one turn and one socket write, whatever the
 * number of records it carries; at low rates that per-write cost was almost all of the fan-out's
 * CPU (bench: 11.6 ms per 1,000 deliveries at 10 events/s, 0.8 ms at 100 events/s, same 10,000
 * clients). So a wake-up follows the previous one by at least a linger that grows with the number
 * of streams the reader wakes ({@code perStream} each, at most {@code max}): a quiet topic is woken
 * at once (the linger counts from the previous wake-up, not from the record), a topic with few
 * streams is never held back noticeably, and on a busy one the records that arrive within the
 * linger share one write per stream. Records are in the window as soon as they are polled; only the
 * wake-up waits, and a stream that is woken for another reason (demand, its clock) takes them.
 *
 * <p>Pure and single-threaded: the reader's thread owns it. Times are {@link System#nanoTime()}.
 */
final class SignalPacer {

  private final long perStreamNanos;
  private final long maxNanos;
  private boolean pending;
  private boolean signalled;
  private long lastSignal;

  SignalPacer(long perStreamNanos, long maxNanos) {
    if (perStreamNanos < 0 || maxNanos < 0) {
      throw new IllegalArgumentException("linger must not be negative");
    }
    this.perStreamNanos = perStreamNanos;
    this.maxNanos = maxNanos;
  }

  /** A pacer that never waits (every poll that moved wakes the streams at once). */
  static SignalPacer immediate() {
    return new SignalPacer(0, 0);
  }

  /** The least time between two wake-ups of {@code streams} streams. */
  long lingerNanos(int streams) {
    if (perStreamNanos == 0 || streams <= 1) {
      return 0;
    }
    long linger = perStreamNanos * streams;
    return linger < 0 || linger > maxNanos ? maxNanos : linger;
  }

  /** The reader's poll moved (records or positions): a wake-up is owed. */
  void moved() {
    pending = true;
  }

  /**
   * Whether to wake the streams now; when true the owed wake-up is taken and the linger starts
   * again from {@code now}.
   */
  boolean take(long now, int streams) {
    if (!pending || (signalled && now - lastSignal < lingerNanos(streams))) {
      return false;
    }
    pending = false;
    signalled = true;
    lastSignal = now;
    return true;
  }

  /**
   * How long the reader may block in its next poll: {@code pollNanos} with nothing owed, else at
   * most until the owed wake-up is due (never less than a millisecond, Kafka's poll granularity).
   */
  long pollNanos(long now, int streams, long pollNanos) {
    if (!pending) {
      return pollNanos;
    }
    long due = lastSignal + lingerNanos(streams) - now;
    return Math.max(1_000_000L, Math.min(pollNanos, due));
  }
}
