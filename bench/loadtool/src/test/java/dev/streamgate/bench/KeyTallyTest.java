package dev.streamgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyTallyTest {

  /** Keys 0..9 over 3 partitions (key i = partition i % 3, sequence i / 3); keys 0..3 were updated at t >= 100. */
  private static KeyTally tally() {
    return new KeyTally(10, 3, 4, 100);
  }

  private static void all(KeyTally k) {
    for (int i = 0; i < 10; i++) k.record(i % 3, i / 3, i < 4 ? 150 : 50);
  }

  @Test
  void everyKeyOnceAtItsLatestValueIsExact() {
    KeyTally k = tally();
    all(k);
    assertEquals(10, k.records());
    assertEquals(0, k.missing());
    assertEquals(0, k.duplicates());
    assertEquals(0, k.stale());
    assertTrue(k.exact());
  }

  @Test
  void aDuplicateKeyAndAMissingOneAreCounted() {
    KeyTally k = tally();
    for (int i = 0; i < 9; i++) k.record(i % 3, i / 3, i < 4 ? 150 : 50);
    k.record(0, 0, 150); // key 0 again, key 9 never
    assertEquals(10, k.records());
    assertEquals(1, k.duplicates());
    assertEquals(1, k.missing());
    assertFalse(k.exact());
  }

  @Test
  void anUpdatedKeyWithItsFirstValueIsStale() {
    KeyTally k = tally();
    for (int i = 0; i < 10; i++) k.record(i % 3, i / 3, i == 3 ? 99 : 150); // key 3 (p 0, s 1) old; keys >= 4 may be old or new
    assertEquals(1, k.stale());
    assertFalse(k.exact());
  }

  @Test
  void aRecordOutsideTheKeysIsUnknown() {
    KeyTally k = tally();
    all(k);
    k.record(1, 3, 150); // key index 10
    k.record(5, 0, 150); // no such partition
    assertEquals(2, k.unknown());
    assertFalse(k.exact());
  }
}
