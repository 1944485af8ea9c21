package dev.streamgate.select;

import java.util.concurrent.atomic.LongAdder;

/**
 * How often the pod evaluated selections, for its metrics: once per record per selection on a
 * topic's reader (shared by every stream of that selection), or by one stream for itself (catch-up
 * readers, and window records older than the selection's first stream). Any thread.
 */
public final class Evaluations {

  private final LongAdder shared = new LongAdder();
  private final LongAdder perStream = new LongAdder();
  private final LongAdder failed = new LongAdder();

  void counted(boolean isShared) {
    (isShared ? shared : perStream).increment();
  }

  void fail() {
    failed.increment();
  }

  /** Evaluations on a topic's reader, each shared by all the streams of its selection. */
  public long shared() {
    return shared.sum();
  }

  /** Evaluations a stream made for itself. */
  public long perStream() {
    return perStream.sum();
  }

  /** Evaluations that failed (a missing field, a type mismatch): the record did not pass. */
  public long failed() {
    return failed.sum();
  }
}
