package dev.streamgate.stream.pod;

/**
 * Whether the pod is saturated, judged from its write budget with hysteresis: saturated as soon as
 * its streams' writes hold the whole budget, and again admitting only once they have held at most
 * half of it for the whole recovery period, so that a pod near its bound does not flap between
 * refusing and admitting. Pure: the caller samples the budget and the clock.
 *
 * <p>Threads: updated by one thread (the budget's sweeping thread); {@link #saturated()} is read by
 * any (the event loops and the open pool admitting streams).
 */
final class Saturation {

  /** What an update changed. */
  enum Change {
    NONE,
    SATURATED,
    RECOVERED
  }

  private final long recoveryNanos;
  private volatile boolean saturated;
  private long calmSince;
  private boolean calm;
  private long since;

  Saturation(long recoveryNanos) {
    this.recoveryNanos = recoveryNanos;
  }

  /**
   * The pod's state after its writes were seen holding {@code held} of {@code limit} bytes at
   * {@code now} (nanoseconds, any origin).
   */
  Change update(long held, long limit, long now) {
    if (held >= limit) {
      calm = false;
      if (!saturated) {
        saturated = true;
        since = now;
        return Change.SATURATED;
      }
      return Change.NONE;
    }
    if (!saturated) {
      return Change.NONE;
    }
    if (held > limit / 2) {
      calm = false;
      return Change.NONE;
    }
    if (!calm) {
      calm = true;
      calmSince = now;
    }
    if (now - calmSince >= recoveryNanos) {
      saturated = false;
      calm = false;
      return Change.RECOVERED;
    }
    return Change.NONE;
  }

  boolean saturated() {
    return saturated;
  }

  /** When the pod last became saturated (the clock of {@link #update}). */
  long since() {
    return since;
  }
}
