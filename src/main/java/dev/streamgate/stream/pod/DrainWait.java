package dev.streamgate.stream.pod;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Holds the thread that stops the pod until nothing is left to drain, so that a pod stops as soon
 * as its last stream is handed over instead of waiting out the whole drain period (an idle pod at
 * once). It looks every {@value #POLL_MILLIS} ms: the wait happens once per pod lifetime, on
 * Quarkus' shutdown thread, and a stream's close is not worth a signal path of its own.
 */
final class DrainWait {

  static final long POLL_MILLIS = 20;

  private DrainWait() {}

  /**
   * Waits until {@code drained} says so or {@code atMost} has passed.
   *
   * @return whether it was drained
   */
  static boolean until(BooleanSupplier drained, Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!drained.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || Thread.currentThread().isInterrupted()) {
        return false;
      }
      LockSupport.parkNanos(Math.min(left, Duration.ofMillis(POLL_MILLIS).toNanos()));
    }
    return true;
  }
}
