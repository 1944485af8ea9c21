package dev.streamgate.bench;

import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/** The wait after production ({@code run}, each {@code capacity} step): until done, a deadline, or a stall. */
final class Drain {
  private Drain() {}

  /**
   * Polls every 50 ms until {@code done}, the deadline ({@link System#nanoTime}), or {@code
   * stallSeconds} in which the delivery count did not move.
   *
   * @return true if it ended on the stall
   */
  static boolean await(long deadlineNanos, double stallSeconds, LongSupplier deliveries, BooleanSupplier done)
      throws InterruptedException {
    long last = -1;
    long progress = System.nanoTime();
    while (System.nanoTime() < deadlineNanos) {
      if (done.getAsBoolean()) return false;
      long d = deliveries.getAsLong();
      if (d != last) {
        last = d;
        progress = System.nanoTime();
      } else if (System.nanoTime() - progress > stallSeconds * 1e9) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }
}
