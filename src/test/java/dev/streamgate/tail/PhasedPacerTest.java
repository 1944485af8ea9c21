package dev.streamgate.tail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The pacer with its streams spread over groups, each woken in its own slot of the linger. */
class PhasedPacerTest {

  private static final long MS = 1_000_000L;
  private static final long POLL = 500 * MS;
  private static final int STREAMS = 1_000;
  private static final int PHASES = 8;

  /** 50 µs per stream, at most 100 ms, 8 groups: 1,000 streams linger 50 ms, slots of 6.25 ms. */
  private final SignalPacer pacer = new SignalPacer(50_000, 100 * MS, PHASES);

  private final long linger = pacer.lingerNanos(STREAMS);
  private final long slot = linger / PHASES;

  @Test
  void aQuietTopicWakesEveryGroupAtOnce() {
    long start = 1_000 * MS;
    pacer.moved(start);
    assertEquals(pacer.all(), pacer.take(start, STREAMS), "the first wake-up wakes everyone");
    long later = start + linger;
    pacer.moved(later);
    assertEquals(pacer.all(), pacer.take(later, STREAMS), "after a silent linger: everyone");
  }

  @Test
  void recordsWithinTheLingerWakeEachGroupInItsSlot() {
    pacer.moved(0);
    pacer.take(0, STREAMS);
    long record = 10 * MS;
    pacer.moved(record);
    assertEquals(0, pacer.take(record, STREAMS), "within the linger: held");
    // group 7's slot starts a linger less one slot after its wake-up (43.75 ms), every group's
    // slot from there is its own: group g at 50 ms + g slots, modulo the linger
    long wait = pacer.pollNanos(record, STREAMS, POLL);
    long first = record + wait;
    int woken = pacer.take(first, STREAMS);
    assertEquals(1, Integer.bitCount(woken), "one group: " + Integer.toBinaryString(woken));
    assertTrue(first >= linger - slot && first <= 2 * linger, "first group at " + first);
  }

  @Test
  void aSteadyTopicWakesOneGroupPerSlotEachOncePerLinger() {
    Trace trace = simulate(10 * MS, 10_000 * MS, 0);
    for (int g = 0; g < PHASES; g++) {
      List<Long> wakes = trace.wakes.get(g);
      for (int i = 1; i < wakes.size(); i++) {
        long gap = wakes.get(i) - wakes.get(i - 1);
        assertTrue(gap >= linger - slot, "group " + g + " woken again after " + gap);
      }
      // the same writes per second as one group: one wake-up per linger (200 in 10 s)
      assertTrue(wakes.size() >= 190 && wakes.size() <= 201, "group " + g + ": " + wakes.size());
    }
    assertEquals(1, trace.mostGroupsAfterStart, "after the first round one group at a time");
    assertTrue(trace.worstWaitAfterStart <= linger + MS, "waited " + trace.worstWaitAfterStart);
    assertTrue(trace.worstWait < 2 * linger, "worst wait " + trace.worstWait);
  }

  @Test
  void streamsComingAndGoingKeepTheGroupsInTheirSlots() {
    Trace trace = simulate(10 * MS, 10_000 * MS, 25);
    assertEquals(1, trace.mostGroupsAfterStart, "after the first round one group at a time");
    long bound = linger + linger / 10 + MS; // the slots' period follows the linger within a tenth
    assertTrue(trace.worstWaitAfterStart <= bound, "waited " + trace.worstWaitAfterStart);
  }

  @Test
  void aSparseTopicIsNeverHeldBack() {
    Trace trace = simulate(200 * MS, 10_000 * MS, 0);
    assertEquals(0, trace.worstWait, "a record after a silent linger is delivered at once");
  }

  @Test
  void lingersTooShortToSplitUseOneGroup() {
    int streams = 100; // 5 ms: slots of 0.6 ms, below Kafka's poll granularity
    pacer.moved(0);
    pacer.take(0, streams);
    pacer.moved(MS);
    assertEquals(0, pacer.take(MS, streams));
    assertEquals(4 * MS, pacer.pollNanos(MS, streams, POLL));
    assertEquals(pacer.all(), pacer.take(5 * MS, streams), "every group at the linger");
  }

  @Test
  void groupsAreBetweenOneAndThirtyTwo() {
    assertThrows(IllegalArgumentException.class, () -> new SignalPacer(1, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> new SignalPacer(1, 1, 33));
    assertEquals(-1, new SignalPacer(1, 1, 32).all());
    assertEquals(1, new SignalPacer(1, 1, 1).all());
  }

  @Test
  void listenersAreSpreadRoundRobinAndWokenByGroup() {
    PhasedListeners listeners = new PhasedListeners(4);
    int[] runs = new int[8];
    List<Runnable> signals = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      int stream = i;
      Runnable signal = () -> runs[stream]++;
      signals.add(signal);
      listeners.add(signal);
    }
    assertEquals(8, listeners.size());
    listeners.run(0b0101);
    assertEquals("[1, 0, 1, 0, 1, 0, 1, 0]", Arrays.toString(runs), "groups 0 and 2");
    listeners.remove(signals.get(0));
    listeners.runAll();
    assertEquals("[1, 1, 2, 1, 2, 1, 2, 1]", Arrays.toString(runs));
    assertEquals(7, listeners.size());
  }

  /** What a reader with one record every {@code every} did over {@code length}. */
  private static final class Trace {
    final List<List<Long>> wakes = new ArrayList<>();
    long worstWait;
    long worstWaitAfterStart;
    int mostGroupsAfterStart;
  }

  /**
   * The reader's loop, as TopicTail runs it: a poll returns when a record arrives or when the
   * pacer's wait is over; then the pacer is told and asked. With {@code churn}, the number of
   * streams moves within that many of {@link #STREAMS}, a stream more or less at each record.
   */
  private Trace simulate(long every, long length, int churn) {
    Trace trace = new Trace();
    for (int g = 0; g < PHASES; g++) {
      trace.wakes.add(new ArrayList<>());
    }
    long[] oldestUnseen = new long[PHASES];
    Arrays.fill(oldestUnseen, -1);
    AtomicInteger records = new AtomicInteger();
    long start = 7_777_777 * MS + 123; // nanoTime's origin is arbitrary: far from 0
    long now = start;
    long nextRecord = start;
    int streams = STREAMS;
    while (now - start <= length) {
      if (now == nextRecord) {
        pacer.moved(now);
        records.incrementAndGet();
        for (int g = 0; g < PHASES; g++) {
          if (oldestUnseen[g] < 0) {
            oldestUnseen[g] = now;
          }
        }
        nextRecord += every;
        if (churn > 0) {
          streams = STREAMS + Math.floorMod(records.get() * 7, 2 * churn + 1) - churn;
        }
      }
      int woken = pacer.take(now, streams);
      for (int g = 0; g < PHASES; g++) {
        if ((woken & (1 << g)) != 0) {
          trace.wakes.get(g).add(now - start);
          long wait = now - oldestUnseen[g];
          trace.worstWait = Math.max(trace.worstWait, wait);
          if (now - start > 2 * linger) {
            trace.worstWaitAfterStart = Math.max(trace.worstWaitAfterStart, wait);
          }
          oldestUnseen[g] = -1;
        }
      }
      if (now - start > 2 * linger && woken != 0) {
        trace.mostGroupsAfterStart = Math.max(trace.mostGroupsAfterStart, Integer.bitCount(woken));
      }
      now = Math.min(nextRecord, now + pacer.pollNanos(now, streams, POLL));
    }
    return trace;
  }
}
