package dev.streamgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RangeTallyTest {

  private static SeqChecker expecting(long... first) {
    SeqChecker c = new SeqChecker();
    for (int p = 0; p < first.length; p++) c.expectFrom(p, first[p]);
    return c;
  }

  @Test
  void everythingInOrderIsClean() {
    SeqChecker c = expecting(0, 0, 0);
    for (int s = 0; s < 10; s++) for (int p = 0; p < 3; p++) c.onEvent(p, s);
    assertEquals(new RangeTally(30, 0, 0, 0, 0), RangeTally.of(c, new long[3], new long[] {10, 10, 10}, List.of()));
  }

  @Test
  void aLostFirstEventIsAGapNotMissing() {
    SeqChecker c = expecting(0);
    c.onEvent(0, 1);
    c.onEvent(0, 2);
    assertEquals(new RangeTally(2, 1, 0, 0, 0), RangeTally.of(c, new long[1], new long[] {3}, List.of()));
  }

  @Test
  void theTailNeverDeliveredIsMissing() {
    SeqChecker c = expecting(0, 0);
    c.onEvent(0, 0);
    c.onEvent(0, 1);
    // partition 0: 2 of 4, partition 1: none of 3
    assertEquals(new RangeTally(2, 0, 0, 0, 5), RangeTally.of(c, new long[2], new long[] {4, 3}, List.of()));
  }

  @Test
  void duplicatesAndReordersAreCountedOnce() {
    SeqChecker c = expecting(0);
    c.onEvent(0, 0);
    c.onEvent(0, 2);
    c.onEvent(0, 1); // late: a reorder, not a gap
    c.onEvent(0, 2); // again: a duplicate
    assertEquals(new RangeTally(3, 0, 1, 1, 0), RangeTally.of(c, new long[1], new long[] {3}, List.of()));
  }

  @Test
  void aLaterStepIsJudgedOnItsOwnRange() {
    long[] first = {30, 30};
    SeqChecker c = expecting(first);
    c.onEvent(0, 29); // the previous step's: below the range
    for (long s = 30; s < 35; s++) c.onEvent(0, s);
    c.onEvent(1, 30);
    c.onEvent(1, 33);
    RangeTally t = RangeTally.of(c, first, new long[] {5, 5}, List.of());
    assertEquals(new RangeTally(7, 2, 0, 0, 1), t);
    assertEquals(1, c.beforeStart());
  }

  @Test
  void eventsWhoseSendFailedAreNotTheReadersLoss() {
    SeqChecker c = expecting(0);
    c.onEvent(0, 0);
    c.onEvent(0, 2);
    // 1 is a hole and 3 is after the last seen, but neither was ever sent
    RangeTally t = RangeTally.of(c, new long[1], new long[] {4}, List.of(new long[] {0, 1}, new long[] {0, 3}));
    assertEquals(new RangeTally(2, 0, 0, 0, 0), t);
  }

  @Test
  void sumsOverReaders() {
    RangeTally a = new RangeTally(1, 2, 3, 4, 5);
    assertEquals(new RangeTally(2, 4, 6, 8, 10), a.plus(a));
    assertEquals(a, RangeTally.NONE.plus(a));
  }
}
