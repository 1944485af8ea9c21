package dev.streamgate.conflate;

import dev.streamgate.conflate.LogModel.Rec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One pod's view of the log for the conflation properties: its reader's merged order, the prefix
 * vector after each record of it (the ids the pod gives), and the batches its group computes over
 * that order as the topic reader does: from the point the group formed, per window the fold of the
 * selected records, closed at the window's boundary when not empty (or early, past the bound), its
 * start the previous batch's end.
 */
final class PodModel {

  /** A closed batch: (lo, hi], its records in merged order, and the seq after its last record. */
  record Batch(long index, long[] lo, long[] hi, List<Change<Rec>> chosen, int endSeq) {}

  final List<Rec> order;
  final List<Batch> batches = new ArrayList<>();
  private final long[][] prefix;

  PodModel(LogModel log, Random random, int bound) {
    this.order = log.interleaving(random);
    this.prefix = new long[order.size() + 1][];
    prefix[0] = new long[log.partitionCount()];
    for (int i = 0; i < order.size(); i++) {
      prefix[i + 1] = prefix[i].clone();
      prefix[i + 1][order.get(i).partition()] = order.get(i).offset() + 1;
    }
    int formed = random.nextInt(order.size() + 1);
    Fold<Rec> open = new Fold<>();
    long[] lo = prefix[formed];
    for (int seq = formed; seq < order.size(); seq++) {
      Rec r = order.get(seq);
      if (r.selected()) {
        open.add(r.change(seq));
      }
      boolean boundary = random.nextInt(6) == 0 || seq == order.size() - 1;
      if (!open.isEmpty() && (boundary || open.over(bound, Long.MAX_VALUE))) {
        long[] hi = prefix[seq + 1];
        batches.add(new Batch(batches.size(), lo, hi, open.drain(), seq + 1));
        lo = hi;
      }
    }
  }

  /** The pod's prefix after its first {@code seq} records. */
  long[] prefixAt(int seq) {
    return prefix[seq];
  }

  /** The first seq at which the pod's prefix reaches {@code head} in every partition. */
  int seqReaching(long[] head) {
    for (int seq = 0; seq < prefix.length; seq++) {
      boolean reached = true;
      for (int p = 0; p < head.length; p++) {
        reached &= prefix[seq][p] >= head[p];
      }
      if (reached) {
        return seq;
      }
    }
    throw new IllegalStateException("the pod never reaches its head");
  }

  /** The latest batch closed within the first {@code seq} records, or -1. */
  long latestClosedBy(int seq) {
    long latest = -1;
    for (Batch b : batches) {
      if (b.endSeq() <= seq) {
        latest = b.index();
      }
    }
    return latest;
  }
}
