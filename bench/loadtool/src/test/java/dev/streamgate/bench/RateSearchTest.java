package dev.streamgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;

class RateSearchTest {

  /** Runs the search against a system that passes every rate the predicate accepts. */
  private static List<Double> run(RateSearch s, DoublePredicate passes) {
    List<Double> tried = new ArrayList<>();
    for (OptionalDouble n = s.next(); n.isPresent(); n = s.next()) {
      double r = n.getAsDouble();
      tried.add(r);
      s.record(r, passes.test(r));
    }
    return tried;
  }

  @Test
  void doublesUntilAFailureThenBisects() {
    RateSearch s = new RateSearch(10, 2, 1, 5000, 3, 20);
    List<Double> tried = run(s, r -> r <= 27);
    assertEquals(List.of(10.0, 20.0, 40.0, 30.0, 25.0, 27.5), tried);
    assertEquals(25.0, s.highestPass());
    assertEquals(27.5, s.lowestFail());
    assertTrue(s.stopReason().startsWith("bracketed"), s.stopReason());
  }

  @Test
  void halvesWhenTheFirstStepFailsThenBisects() {
    RateSearch s = new RateSearch(10, 2, 1, 5000, 2, 20);
    List<Double> tried = run(s, r -> r <= 6);
    assertEquals(List.of(10.0, 5.0, 7.5, 6.3), tried);
    assertEquals(5.0, s.highestPass());
    assertEquals(6.3, s.lowestFail());
  }

  @Test
  void failingAtTheMinimumEndsWithoutAPass() {
    RateSearch s = new RateSearch(10, 2, 2, 5000, 3, 20);
    List<Double> tried = run(s, r -> false);
    assertEquals(List.of(10.0, 5.0, 2.5, 2.0), tried); // the last step tries the minimum itself
    assertTrue(Double.isNaN(s.highestPass()));
    assertEquals(2.0, s.lowestFail());
    assertTrue(s.stopReason().startsWith("failed at the lowest rate"), s.stopReason());
  }

  @Test
  void passingAtTheMaximumStops() {
    RateSearch s = new RateSearch(10, 2, 1, 30, 3, 20);
    assertEquals(List.of(10.0, 20.0, 30.0), run(s, r -> true));
    assertEquals(30.0, s.highestPass());
    assertTrue(Double.isNaN(s.lowestFail()));
  }

  @Test
  void theStepLimitBoundsTheSearch() {
    RateSearch s = new RateSearch(40, 2, 1, 5000, 3, 4);
    assertEquals(List.of(40.0, 80.0, 160.0, 320.0), run(s, r -> r < 300));
    assertEquals(160.0, s.highestPass());
    assertEquals(320.0, s.lowestFail());
    assertEquals("step limit (4) reached", s.stopReason());
  }

  @Test
  void stopsOnceTheBracketIsTight() {
    RateSearch s = new RateSearch(10, 1.04, 1, 5000, 5, 20);
    assertEquals(List.of(10.0, 10.4), run(s, r -> r < 10.2));
    assertTrue(s.stopReason().startsWith("bracketed"), s.stopReason());
  }

  @Test
  void anEarlyStopKeepsWhatWasFound() {
    RateSearch s = new RateSearch(10, 2, 1, 5000, 3, 20);
    s.record(10, true);
    s.stop("time bound");
    assertTrue(s.next().isEmpty());
    assertEquals(10.0, s.highestPass());
    assertEquals("time bound", s.stopReason());
    assertThrows(IllegalStateException.class, () -> s.record(20, true));
  }

  @Test
  void rejectsAnImpossiblePlan() {
    assertThrows(IllegalArgumentException.class, () -> new RateSearch(10, 1, 1, 100, 3, 8));
    assertThrows(IllegalArgumentException.class, () -> new RateSearch(10, 2, 20, 100, 3, 8));
  }
}
