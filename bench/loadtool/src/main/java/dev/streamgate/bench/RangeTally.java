package dev.streamgate.bench;

import java.util.Collection;

/**
 * What one reader got of an expected range of sequences per partition, from its {@link SeqChecker}
 * (which must have been told {@link SeqChecker#expectFrom} each range's first sequence): distinct
 * events delivered inside the range, holes (gaps) between the first and the highest seen,
 * duplicates and reorders, and the events after the highest seen that never came (missing).
 * Events whose send failed are the producer's, not the reader's: a hole or a missing event that is
 * one of them is not counted.
 *
 * <p>The {@code kafka-floor} consumer (one range from 0) and every step of the capacity scenario
 * (a range per step, continuing the sequences) are judged by it.
 */
record RangeTally(long delivered, long gaps, long duplicates, long reorders, long missing) {

  static final RangeTally NONE = new RangeTally(0, 0, 0, 0, 0);

  /**
   * @param first the first expected sequence per partition (the checker's expected start)
   * @param count the expected number of events per partition (sequences first .. first+count-1)
   * @param unsent events whose send failed, as (partition, sequence)
   */
  static RangeTally of(SeqChecker c, long[] first, long[] count, Collection<long[]> unsent) {
    long delivered = 0, missing = 0;
    for (int p = 0; p < count.length; p++) {
      if (count[p] <= 0) continue;
      delivered += c.distinct(p);
      long last = Math.max(c.last(p), first[p] - 1);
      missing += Math.max(0, first[p] + count[p] - 1 - last);
    }
    long gaps = c.gaps();
    for (long[] f : unsent) {
      int p = (int) f[0];
      if (p < 0 || p >= count.length || f[1] < first[p] || f[1] >= first[p] + count[p]) continue;
      if (c.isHole(p, f[1])) gaps--;
      else if (f[1] > c.last(p)) missing--;
    }
    return new RangeTally(delivered, gaps, c.duplicates(), c.reorders(), missing);
  }

  RangeTally plus(RangeTally o) {
    return new RangeTally(
        delivered + o.delivered,
        gaps + o.gaps,
        duplicates + o.duplicates,
        reorders + o.reorders,
        missing + o.missing);
  }
}
