package dev.streamgate.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SignalPacerTest {

  private static final long MS = 1_000_000L;
  private static final long POLL = 500 * MS;

  /** 20 µs per stream, at most 200 ms: the defaults. */
  private final SignalPacer pacer = new SignalPacer(20_000, 200 * MS, 1);

  @Test
  void lingerGrowsWithTheStreamsWokenUpToTheBound() {
    assertEquals(0, pacer.lingerNanos(0));
    assertEquals(0, pacer.lingerNanos(1));
    assertEquals(2 * MS, pacer.lingerNanos(100));
    assertEquals(20 * MS, pacer.lingerNanos(1_000));
    assertEquals(200 * MS, pacer.lingerNanos(10_000));
    assertEquals(200 * MS, pacer.lingerNanos(1_000_000));
    assertEquals(200 * MS, new SignalPacer(Long.MAX_VALUE / 2, 200 * MS, 1).lingerNanos(1_000));
  }

  @Test
  void aQuietTopicIsWokenAtOnce() {
    pacer.moved(1_000 * MS);
    assertTrue(pacer.take(1_000 * MS, 1_000) != 0, "the first wake-up never waits");
    pacer.moved(1_100 * MS);
    assertTrue(pacer.take(1_100 * MS, 1_000) != 0, "a record after the linger is woken at once");
  }

  @Test
  void recordsWithinTheLingerShareOneWakeUp() {
    pacer.moved(0);
    assertTrue(pacer.take(0, 1_000) != 0);
    pacer.moved(5 * MS);
    assertFalse(pacer.take(5 * MS, 1_000) != 0, "5 ms after a wake-up of 1,000 streams: held");
    pacer.moved(15 * MS);
    assertFalse(pacer.take(15 * MS, 1_000) != 0);
    assertEquals(5 * MS, pacer.pollNanos(15 * MS, 1_000, POLL), "poll only until it is due");
    assertTrue(pacer.take(20 * MS, 1_000) != 0, "one wake-up for both polls, at the linger");
    assertFalse(pacer.take(20 * MS, 1_000) != 0, "taken: nothing owed");
  }

  @Test
  void nothingOwedMeansNoWakeUpAndAFullPoll() {
    assertFalse(pacer.take(0, 1_000) != 0);
    assertEquals(POLL, pacer.pollNanos(0, 1_000, POLL));
    pacer.moved(1);
    assertTrue(pacer.take(1, 1_000) != 0);
    assertEquals(POLL, pacer.pollNanos(2, 1_000, POLL));
  }

  @Test
  void anOwedWakeUpPollsAtLeastAMillisecond() {
    pacer.moved(0);
    pacer.take(0, 1_000);
    pacer.moved(0);
    assertEquals(MS, pacer.pollNanos(19_900_000, 1_000, POLL), "Kafka's poll has ms granularity");
    assertEquals(MS, pacer.pollNanos(25 * MS, 1_000, POLL), "overdue: the next poll is short");
  }

  @Test
  void fewStreamsAreNeverHeldBack() {
    pacer.moved(0);
    pacer.take(0, 1);
    pacer.moved(1);
    assertTrue(pacer.take(1, 1) != 0, "one stream has nothing to share a write with");
  }

  @Test
  void immediateWakesAfterEveryPoll() {
    SignalPacer immediate = SignalPacer.immediate();
    for (long t = 0; t < 10; t++) {
      immediate.moved(t);
      assertTrue(immediate.take(t, 10_000) != 0);
    }
  }

  @Test
  void negativeLingersAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SignalPacer(-1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new SignalPacer(0, -1, 1));
  }
}
