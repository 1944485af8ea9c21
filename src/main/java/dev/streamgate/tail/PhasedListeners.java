package dev.streamgate.tail;

import dev.streamgate.wire.RecordKeys;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A reader's listeners (its streams' signals), spread round-robin over the {@link SignalPacer}'s
 * groups so that each group can be woken in its own slot, and what each group is owed.
 *
 * <p>The wake-up rule, when the pacer says group {@code g} is due: its unkeyed listeners are all
 * run, as is every keyed one ({@link KeyedListeners}: a stream with a {@code key} filter) that is
 * not settled; a settled keyed one is run only if a record it takes was appended since the group's
 * last wake-up ({@link PendingKeys}: a record with one of its keys, or one whose key could not be
 * decoded, which passes every key filter; a record without a key passes none, as a key that is not
 * UTF-8). The keys are the key filter's own ({@link RecordKeys}), computed once per appended record
 * on the poll thread, and only while the reader has keyed listeners.
 *
 * <p>The sweep: a settled keyed stream that takes none of the records appended still has to move
 * through the window before the window evicts its next record (else it would fall out of the window
 * into a needless catch-up read). So once the window has taken a quarter of its record bound or of
 * its byte bound since the last sweep, every group owes every keyed listener a wake-up, which it
 * gets at its next due wake-up, paced like any other. A keyed stream thus reads the window at least
 * once per quarter window plus one linger; a pending set past {@link #MAX_PENDING_KEYS} keys counts
 * as all keys too.
 *
 * <p>Threads: streams come and go on their event loops and open threads while the reader wakes them
 * (concurrent sets); {@link #appended} and {@link #run} run on the reader's poll thread, {@link
 * #runAll} on whichever thread retires the reader.
 */
final class PhasedListeners {

  /** Distinct keys a group keeps pending before it counts as owing every keyed stream. */
  static final int MAX_PENDING_KEYS = 256;

  private final Set<Runnable>[] groups;
  private final KeyedListeners keyed;
  private final PendingKeys pending;
  private final long sweepRecords;
  private final long sweepBytes;
  private final AtomicInteger next = new AtomicInteger();
  private long sinceSweepRecords;
  private long sinceSweepBytes;
  private volatile long unkeyedWakeUps;

  /** Listeners of a reader whose window is practically unbounded (tests). */
  PhasedListeners(int phases) {
    this(phases, Integer.MAX_VALUE, Long.MAX_VALUE);
  }

  /**
   * @param windowRecords the window's record bound
   * @param windowBytes the window's byte bound
   */
  @SuppressWarnings("unchecked")
  PhasedListeners(int phases, int windowRecords, long windowBytes) {
    groups = new Set[phases];
    for (int g = 0; g < phases; g++) {
      groups[g] = ConcurrentHashMap.newKeySet();
    }
    keyed = new KeyedListeners(phases);
    pending = new PendingKeys(phases, MAX_PENDING_KEYS);
    sweepRecords = Math.max(1, windowRecords / 4);
    sweepBytes = Math.max(1, windowBytes / 4);
  }

  /** Adds an unkeyed listener: run at every due wake-up of its group. */
  void add(Runnable listener) {
    groups[nextGroup()].add(listener);
  }

  /** Adds a keyed listener, unsettled ({@link #settle}); {@code keys} empty adds an unkeyed one. */
  void add(Runnable listener, Set<String> keys) {
    if (keys.isEmpty()) {
      add(listener);
    } else {
      keyed.add(listener, nextGroup(), keys);
    }
  }

  /**
   * Whether a keyed listener is settled: its stream is caught up and read its window to the end, so
   * it is owed a wake-up only by a record it takes (or a sweep). No effect on an unkeyed one.
   */
  void settle(Runnable listener, boolean settled) {
    keyed.settle(listener, settled);
  }

  void remove(Runnable listener) {
    if (keyed.remove(listener)) {
      return;
    }
    for (Set<Runnable> group : groups) {
      if (group.remove(listener)) {
        return;
      }
    }
  }

  /** Every listener, keyed or not (the pacer's linger counts them all). */
  int size() {
    int size = keyed.size();
    for (Set<Runnable> group : groups) {
      size += group.size();
    }
    return size;
  }

  /**
   * A record entered the window (poll thread, after {@link Window#append}): notes what it owes the
   * keyed listeners, and sweeps them all when the window took a quarter of a bound since the last
   * sweep.
   *
   * @param bytes the entry's bytes, as the window counts them
   */
  void appended(ConsumerRecord<byte[], byte[]> record, long bytes) {
    sinceSweepRecords++;
    sinceSweepBytes += bytes;
    if (sinceSweepRecords >= sweepRecords || sinceSweepBytes >= sweepBytes) {
      sinceSweepRecords = 0;
      sinceSweepBytes = 0;
      pending.addAll();
    }
    if (!keyed.any()) {
      return;
    }
    if (RecordKeys.undecodable(record)) {
      pending.addAll();
      return;
    }
    String key = RecordKeys.text(record);
    if (key != null) {
      keyed.pend(key, pending);
    }
  }

  /** Runs the listeners owed a wake-up in the groups in {@code mask} (bit {@code g}: group g). */
  void run(int mask) {
    for (int g = 0; g < groups.length; g++) {
      if ((mask & (1 << g)) != 0) {
        Set<Runnable> group = groups[g];
        group.forEach(Runnable::run);
        unkeyedWakeUps += group.size();
        keyed.run(g, pending);
      }
    }
  }

  /** Runs every listener, keyed or not (the reader retired); any thread. */
  void runAll() {
    for (int g = 0; g < groups.length; g++) {
      groups[g].forEach(Runnable::run);
      keyed.runAll(g);
    }
  }

  /** Unkeyed listeners run by {@link #run} so far (any thread; the poll thread writes). */
  long unkeyedWakeUps() {
    return unkeyedWakeUps;
  }

  /** Keyed listeners run by {@link #run} so far (any thread; the poll thread writes). */
  long keyedWakeUps() {
    return keyed.wakeUps();
  }

  private int nextGroup() {
    return Math.floorMod(next.getAndIncrement(), groups.length);
  }
}
