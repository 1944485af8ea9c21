package dev.streamgate.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DrainTest {

  private static long in(double seconds) {
    return System.nanoTime() + (long) (seconds * 1e9);
  }

  @Test
  void doneEndsItAtOnce() throws Exception {
    long t0 = System.nanoTime();
    assertFalse(Drain.await(in(10), 5, () -> 0, () -> true));
    assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
  }

  @Test
  void nothingDeliveredForTheStallTimeEndsItAsAStall() throws Exception {
    long t0 = System.nanoTime();
    assertTrue(Drain.await(in(10), 0.2, () -> 42, () -> false));
    long took = System.nanoTime() - t0;
    assertTrue(took >= 200_000_000L && took < 5_000_000_000L, "took " + took);
  }

  @Test
  void deliveriesThatKeepComingRunToTheDeadline() throws Exception {
    AtomicLong n = new AtomicLong();
    long t0 = System.nanoTime();
    assertFalse(Drain.await(in(0.4), 0.1, n::incrementAndGet, () -> false));
    assertTrue(System.nanoTime() - t0 >= 400_000_000L);
  }

  @Test
  void aDeadlineInThePastChecksNothing() throws Exception {
    assertFalse(Drain.await(System.nanoTime() - 1, 0, () -> 0, () -> {
      throw new AssertionError("not asked");
    }));
  }
}
