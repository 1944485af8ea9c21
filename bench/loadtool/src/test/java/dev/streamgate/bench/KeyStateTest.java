package dev.streamgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyStateTest {

  private final KeyRing ring = new KeyRing(5, 2);

  @Test
  void everyRecordAndTheLatestPerKeyFoldIntoTheSameMap() {
    KeyState every = new KeyState(ring);
    KeyState conflated = new KeyState(ring);
    for (long s = 0; s < 7; s++) every.record(0, s);
    every.record(1, 0);
    for (long s = 4; s < 7; s++) conflated.record(0, s); // the last of each of partition 0's keys
    conflated.record(1, 0);
    long[] fold = ring.foldOf(new long[] {7, 1});
    assertTrue(every.equalsFold(fold));
    assertTrue(conflated.equalsFold(fold));
    assertEquals(0, every.regressions() + every.repeats() + conflated.regressions() + conflated.repeats());
  }

  @Test
  void anOlderValueARepeatAndAValueOfNoKeyAreCountedAndKeepTheMap() {
    KeyState state = new KeyState(ring);
    state.record(0, 6); // key 0
    state.record(0, 3); // key 0, older
    state.record(0, 6); // key 0 again
    state.record(5, 1); // no partition of the ring
    assertEquals(1, state.regressions());
    assertEquals(1, state.repeats());
    assertEquals(1, state.unknown());
    assertEquals(4, state.values());
    long[] fold = ring.foldOf(new long[] {7, 0});
    assertFalse(state.equalsFold(fold));
    assertEquals(2, state.wrongKeys(fold)); // keys 2 and 4 never came
  }
}
