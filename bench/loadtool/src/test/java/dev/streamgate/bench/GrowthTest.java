package dev.streamgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GrowthTest {

  private static final double[] MINUTES = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

  @Test
  void aFlatSeriesWithSwingsAndAGrowingWarmUpIsNotGrowth() {
    double[] heap = {20, 60, 90, 100, 104, 97, 101, 99, 103, 98, 102, 100, 101};
    Growth g = Growth.of(MINUTES, heap, 3, 0.10, 16);
    assertFalse(g.grew(), g.toString());
    assertEquals(100, g.first(), 2);
  }

  @Test
  void aSteadyClimbAfterWarmUpIsGrowthWithItsSlope() {
    double[] heap = {20, 60, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190};
    Growth g = Growth.of(MINUTES, heap, 3, 0.10, 16);
    assertTrue(g.grew(), g.toString());
    assertEquals(600, g.perHour(), 1); // 10 per minute
  }

  @Test
  void growthBelowEitherMarginIsNotFlagged() {
    double[] threads = {40, 41, 41, 42, 42, 43, 43, 44, 44, 45, 45, 46, 46};
    assertFalse(Growth.of(MINUTES, threads, 0, 0.05, 5).grew(), "under 5 more threads");
    double[] fds = {10, 10, 10, 10, 14, 14, 14, 14, 14, 20, 20, 20, 20};
    assertFalse(Growth.of(MINUTES, fds, 0, 0.05, 50).grew(), "doubled but under 50 more");
  }

  @Test
  void fewerThanThreeSamplesAfterWarmUpGiveNoFigure() {
    assertNull(Growth.of(new double[] {0, 1, 2}, new double[] {1, 2, 3}, 1.5, 0.1, 1));
    assertNull(Growth.of(MINUTES, new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
        Double.NaN, Double.NaN, Double.NaN, Double.NaN, 1, 2, Double.NaN}, 0, 0.1, 1));
  }
}
