package dev.streamgate.bench;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Per-connection correctness: for every partition, the sequence numbers must arrive as first,
 * first+1, first+2, ... Counts duplicates (a sequence seen before), reorders (an unseen sequence
 * below the highest seen), and at the end gaps (holes between the first and the highest seen) and
 * missing (expected sequences before the first or after the highest seen). The first sequence of a
 * partition is either the first one seen or an expected start set with {@link #expectFrom}.
 */
public final class SeqChecker {
  private long[] first = new long[0];
  private long[] last = new long[0];
  private BitSet[] seen = new BitSet[0];
  private long received;
  private long duplicates;
  private long reorders;
  private long beforeStart;

  private void ensure(int p) {
    if (p < first.length) return;
    int n = Math.max(p + 1, first.length * 2);
    int old = first.length;
    first = Arrays.copyOf(first, n);
    last = Arrays.copyOf(last, n);
    seen = Arrays.copyOf(seen, n);
    for (int i = old; i < n; i++) {
      first[i] = -1;
      last[i] = -1;
    }
  }

  /** Declares that partition p must start at sequence s (its first event must be s). */
  public void expectFrom(int p, long s) {
    ensure(p);
    if (first[p] < 0) {
      first[p] = s;
      last[p] = s - 1;
      seen[p] = new BitSet();
    }
  }

  public void onEvent(int p, long s) {
    if (p < 0 || s < 0) {
      beforeStart++;
      return;
    }
    ensure(p);
    received++;
    if (first[p] < 0) {
      first[p] = s;
      last[p] = s;
      seen[p] = new BitSet();
      seen[p].set(0);
      return;
    }
    long rel = s - first[p];
    if (rel < 0) {
      beforeStart++;
      return;
    }
    if (rel > Integer.MAX_VALUE - 1) {
      beforeStart++;
      return;
    }
    BitSet b = seen[p];
    if (b.get((int) rel)) {
      duplicates++;
    } else if (s < last[p]) {
      reorders++;
      b.set((int) rel);
    } else {
      b.set((int) rel);
      last[p] = s;
    }
  }

  /** Holes between the first and the highest sequence seen, over all partitions. */
  public long gaps() {
    long g = 0;
    for (int p = 0; p < first.length; p++) {
      if (first[p] < 0 || last[p] < first[p]) continue;
      long span = last[p] - first[p] + 1;
      g += span - seen[p].cardinality();
    }
    return g;
  }

  /**
   * Expected sequences never seen outside the [first, highest] range: before the first (when an
   * expected start is s0) and after the highest, given the expected count per partition.
   */
  public long missing(long[] expectedCountPerPartition) {
    long m = 0;
    for (int p = 0; p < expectedCountPerPartition.length; p++) {
      long expectedLast = expectedCountPerPartition[p] - 1;
      if (expectedLast < 0) continue;
      if (p >= first.length || first[p] < 0) {
        m += expectedCountPerPartition[p];
        continue;
      }
      if (first[p] > 0) m += first[p]; // events 0..first-1 never delivered
      if (last[p] < expectedLast) m += expectedLast - last[p];
    }
    return m;
  }

  /** True if s on partition p lies inside the seen range but never arrived (a hole). */
  public boolean isHole(int p, long s) {
    if (p < 0 || p >= first.length || first[p] < 0 || s < first[p] || s > last[p]) return false;
    return !seen[p].get((int) (s - first[p]));
  }

  /** True if s on partition p lies outside the seen range (so {@link #missing} counts it). */
  public boolean isOutside(int p, long s) {
    return p < 0 || p >= first.length || first[p] < 0 || s < first[p] || s > last[p];
  }

  /** Distinct sequences delivered on partition p. */
  public long distinct(int p) {
    return p < first.length && seen[p] != null ? seen[p].cardinality() : 0;
  }

  /** The highest sequence seen on partition p, or -1. */
  public long last(int p) {
    return p < last.length ? last[p] : -1;
  }

  /**
   * Whether every partition p with {@code countPer[p] > 0} has seen sequence {@code countPer[p] - 1}
   * (the last of the first {@code countPer[p]} sent). Holes below it are {@link #gaps()}' business.
   */
  public boolean hasUpTo(long[] countPer) {
    for (int p = 0; p < countPer.length; p++) if (countPer[p] > 0 && last(p) < countPer[p] - 1) return false;
    return true;
  }

  public long received() {
    return received;
  }

  public long duplicates() {
    return duplicates;
  }

  public long reorders() {
    return reorders;
  }

  /** Events below an expected start, or unparseable positions. */
  public long beforeStart() {
    return beforeStart;
  }
}
