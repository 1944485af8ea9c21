package dev.streamgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StepVerdictTest {

  @Test
  void passesAtTheBoundsOfTheCriterion() {
    assertTrue(StepVerdict.of(0.99, 999.9, true).passed());
    assertTrue(StepVerdict.of(1.0, 1.0, true).passed());
  }

  @Test
  void eachCriterionFailsOnItsOwn() {
    assertEquals(List.of("delivered ratio below 0.99"), StepVerdict.of(0.9899, 10.0, true).failedBecause());
    assertEquals(List.of("p99 not under 1000 ms"), StepVerdict.of(1.0, 1000.0, true).failedBecause());
    assertEquals(List.of("producer could not hand over the offered rate in time"), StepVerdict.of(1.0, 10.0, false).failedBecause());
  }

  @Test
  void nothingDeliveredFailsOnBoth() {
    StepVerdict v = StepVerdict.of(0, null, true);
    assertFalse(v.passed());
    assertEquals(List.of("delivered ratio below 0.99", "no latency figure (nothing delivered)"), v.failedBecause());
  }

  @Test
  void notANumberFails() {
    assertFalse(StepVerdict.of(Double.NaN, 10.0, true).passed());
    assertFalse(StepVerdict.of(1.0, Double.NaN, true).passed());
  }
}
