package dev.streamgate.tail;

/**
 * When a topic's reader wakes its streams: write batching by design, not only by load.
 *
 * <p>Every wake-up costs each stream of the topic one turn and one socket write, whatever the
 * number of records it carries; at low rates that per-write cost was almost all of the fan-out's
 * CPU (bench: 11.6 ms per 1,000 deliveries at 10 events/s, 0.8 ms at 100 events/s, same 10,000
 * clients). So a stream is woken at most once per linger that grows with the number of streams the
 * reader wakes ({@code perStream} each, at most {@code max}): a topic with few streams is never
 * held back noticeably, and on a busy one the records that arrive within the linger share one write
 * per stream. Records are in the window as soon as they are polled; only the wake-up waits, and a
 * stream that is woken for another reason (demand, its clock) takes them.
 *
 * <p>The streams are spread over {@code phases} groups (the reader assigns them round-robin), and
 * on a busy topic each group has its own slot of the linger: group {@code g} is woken in the {@code
 * g}-th of {@code phases} equal slots, once per linger. Each stream still lingers the full period,
 * so the writes per second are the same, but they leave in {@code phases} smaller rounds instead of
 * one round of every stream: a round of 1,000 streams queued 5,000 events on the event loops and in
 * the clients at once. A topic that had nothing to say for a whole linger is woken at once, every
 * group together (the linger counts from the previous wake-up, not from the record). Lingers
 * shorter than {@code phases} × {@link #MIN_SLOT_NANOS} use one group. Which streams of a due group
 * are woken is {@link PhasedListeners}' rule: all the unkeyed ones, the keyed ones only for their
 * keys.
 *
 * <p>Pure and single-threaded: the reader's thread owns it. Times are {@link System#nanoTime()}.
 */
final class SignalPacer {

  /** The shortest slot: Kafka's poll, which the reader waits in, has millisecond granularity. */
  static final long MIN_SLOT_NANOS = 2_000_000L;

  /** Most groups (a wake-up is a bit mask of them). */
  static final int MAX_PHASES = 32;

  private final long perStreamNanos;
  private final long maxNanos;
  private final int phases;
  private final long[] lastSignal;
  private int pending;
  private long pendingSince;
  private long period;
  private boolean anySignalled;
  private long lastAny;

  SignalPacer(long perStreamNanos, long maxNanos, int phases) {
    if (perStreamNanos < 0 || maxNanos < 0) {
      throw new IllegalArgumentException("linger must not be negative");
    }
    if (phases < 1 || phases > MAX_PHASES) {
      throw new IllegalArgumentException("phases must be 1 to " + MAX_PHASES + ": " + phases);
    }
    this.perStreamNanos = perStreamNanos;
    this.maxNanos = maxNanos;
    this.phases = phases;
    this.lastSignal = new long[phases];
  }

  /** A pacer that never waits (every poll that moved wakes the streams at once). */
  static SignalPacer immediate() {
    return new SignalPacer(0, 0, 1);
  }

  /** The number of groups the reader spreads its streams over. */
  int phases() {
    return phases;
  }

  /** The mask of every group. */
  int all() {
    return phases == MAX_PHASES ? -1 : (1 << phases) - 1;
  }

  /** The least time between two wake-ups of a stream, among {@code streams} streams. */
  long lingerNanos(int streams) {
    if (perStreamNanos == 0 || streams <= 1) {
      return 0;
    }
    long linger = perStreamNanos * streams;
    return linger < 0 || linger > maxNanos ? maxNanos : linger;
  }

  /** The reader's poll moved (records or positions) at {@code now}: a wake-up is owed. */
  void moved(long now) {
    if (pending == 0) {
      pendingSince = now;
    }
    pending = all();
  }

  /**
   * The groups to wake now (a bit mask, 0 for none); the wake-ups returned are taken and their
   * lingers start again from {@code now}.
   */
  int take(long now, int streams) {
    if (pending == 0) {
      return 0;
    }
    long linger = follow(lingerNanos(streams));
    int wake = 0;
    for (int g = 0; g < phases; g++) {
      if ((pending & (1 << g)) != 0 && now >= dueAt(g, now, linger)) {
        wake |= 1 << g;
      }
    }
    if (wake != 0) {
      pending &= ~wake;
      anySignalled = true;
      lastAny = now;
      for (int g = 0; g < phases; g++) {
        if ((wake & (1 << g)) != 0) {
          lastSignal[g] = now;
        }
      }
    }
    return wake;
  }

  /**
   * How long the reader may block in its next poll: {@code pollNanos} with nothing owed, else at
   * most until the first owed wake-up is due (never less than a millisecond, Kafka's poll
   * granularity).
   */
  long pollNanos(long now, int streams, long pollNanos) {
    if (pending == 0) {
      return pollNanos;
    }
    long linger = follow(lingerNanos(streams));
    long due = Long.MAX_VALUE;
    for (int g = 0; g < phases; g++) {
      if ((pending & (1 << g)) != 0) {
        due = Math.min(due, dueAt(g, now, linger));
      }
    }
    return Math.max(1_000_000L, Math.min(pollNanos, due - now));
  }

  /**
   * The period the groups' slots divide: the linger, followed within a tenth. The slots are a grid
   * on the clock, so a period that moved with every stream that came or left would shuffle the
   * groups' slots each time (a group could then wait up to two lingers); with the tenth's tolerance
   * a steady topic keeps its grid and a stream's wait stays within 1.1 lingers.
   */
  private long follow(long linger) {
    if (phases == 1) {
      return linger;
    }
    if (Math.abs(linger - period) > period / 10) {
      period = linger;
    }
    return period;
  }

  /** A group's slot within the linger, 0 when the linger is too short to split. */
  private long slotNanos(long linger) {
    long slot = linger / phases;
    return phases == 1 || slot < MIN_SLOT_NANOS ? 0 : slot;
  }

  /**
   * When owed group {@code g} may be woken, from {@code now}: at once for the first wake-up or
   * after a silent linger (every group together); a linger after the last wake-up when the linger
   * is too short to split; else in its slot, once a linger less one slot has passed since its last
   * wake-up (so a wake-up that came late in its slot does not push the group out of its next one).
   */
  private long dueAt(int g, long now, long linger) {
    if (!anySignalled || pendingSince - lastAny >= linger) {
      return now;
    }
    long slot = slotNanos(linger);
    if (slot == 0) {
      return lastAny + linger;
    }
    long from = Math.max(now, lastSignal[g] + linger - slot);
    long index = Math.floorDiv(from, slot);
    int current = (int) Math.floorMod(index, (long) phases);
    if (current == g) {
      return from;
    }
    return (index + Math.floorMod(g - current, phases)) * slot;
  }
}
