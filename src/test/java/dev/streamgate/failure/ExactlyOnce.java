package dev.streamgate.failure;

import dev.streamgate.testing.Delivered;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Per-client verdicts: what a client received against what the topic holds. */
public final class ExactlyOnce {

  /** Counts of one client's deviations (all zero when exact). */
  public record Verdict(int received, int lost, int duplicated, int outOfOrder) {
    boolean exact() {
      return lost == 0 && duplicated == 0 && outOfOrder == 0;
    }
  }

  private ExactlyOnce() {}

  /**
   * Compares a client's records, in arrival order, with the log: per partition the offsets must be
   * the log's offsets from {@code from} (inclusive) on, each once, in order.
   */
  public static Verdict verdict(
      List<Delivered> received, Map<Integer, List<Long>> log, Map<Integer, Long> from) {
    Map<Integer, List<Long>> got = new TreeMap<>();
    int outOfOrder = 0;
    int duplicated = 0;
    Map<Integer, Long> last = new HashMap<>();
    Set<Delivered> seen = new HashSet<>();
    for (Delivered d : received) {
      if (!seen.add(d)) {
        duplicated++;
      }
      Long previous = last.put(d.partition(), d.offset());
      if (previous != null && previous >= d.offset()) {
        outOfOrder++;
      }
      got.computeIfAbsent(d.partition(), p -> new ArrayList<>()).add(d.offset());
    }
    int lost = 0;
    for (Map.Entry<Integer, List<Long>> e : log.entrySet()) {
      long start = from.getOrDefault(e.getKey(), 0L);
      Set<Long> have = new HashSet<>(got.getOrDefault(e.getKey(), List.of()));
      for (long offset : e.getValue()) {
        if (offset >= start && !have.contains(offset)) {
          lost++;
        }
      }
    }
    return new Verdict(received.size(), lost, duplicated, outOfOrder);
  }

  public static Verdict verdict(List<Delivered> received, Map<Integer, List<Long>> log) {
    return verdict(received, log, Map.of());
  }

  /** Whether every record of the log (from {@code from}) has arrived, by count per partition. */
  public static boolean complete(
      List<Delivered> received, Map<Integer, List<Long>> log, Map<Integer, Long> from) {
    return verdict(received, log, from).lost() == 0;
  }
}
