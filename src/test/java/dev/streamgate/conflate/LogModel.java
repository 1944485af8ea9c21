package dev.streamgate.conflate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A random multi-partition log for the conflation properties, and its oracle: the fold of the
 * records a stream selects up to a position. Keys live in one partition each (as Kafka's default
 * partitioner and compaction assume); some records have no key, some are tombstones, some are not
 * selected (a filter rejects them), and offsets have holes (compaction, transaction markers).
 */
final class LogModel {

  /** One record; {@code value} null for a tombstone. */
  record Rec(int partition, long offset, String key, String value, boolean selected) {

    Change<Rec> change(long order) {
      byte[] k = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
      return new Change<>(k, partition, offset, order, value == null, 1, this);
    }
  }

  final List<List<Rec>> partitions = new ArrayList<>();

  LogModel(Random random, int partitionCount, int keysPerPartition, int records) {
    long[] next = new long[partitionCount];
    for (int p = 0; p < partitionCount; p++) {
      partitions.add(new ArrayList<>());
    }
    for (int i = 0; i < records; i++) {
      int p = random.nextInt(partitionCount);
      long offset = next[p] + (random.nextInt(5) == 0 ? 2 : 0);
      next[p] = offset + 1;
      int kind = random.nextInt(10);
      String key = kind == 0 ? null : "p" + p + "-k" + random.nextInt(keysPerPartition);
      String value = kind == 1 && key != null ? null : "v" + i;
      boolean selected = random.nextInt(8) != 0;
      partitions.get(p).add(new Rec(p, offset, key, value, selected));
    }
  }

  int partitionCount() {
    return partitions.size();
  }

  /** The log end: one past the last offset of every partition. */
  long[] end() {
    long[] end = new long[partitions.size()];
    for (int p = 0; p < end.length; p++) {
      List<Rec> records = partitions.get(p);
      end[p] = records.isEmpty() ? 0 : records.get(records.size() - 1).offset() + 1;
    }
    return end;
  }

  /** A merged order of the whole log, as one pod's reader might read it. */
  List<Rec> interleaving(Random random) {
    List<Rec> order = new ArrayList<>();
    int[] at = new int[partitions.size()];
    int left = partitions.stream().mapToInt(List::size).sum();
    while (left > 0) {
      int p = random.nextInt(partitions.size());
      if (at[p] < partitions.get(p).size()) {
        order.add(partitions.get(p).get(at[p]++));
        left--;
      }
    }
    return order;
  }

  /** The state a client must hold at {@code position}: the fold of the selected keyed records. */
  Map<String, String> foldUpTo(long[] position) {
    Map<String, String> state = new HashMap<>();
    for (List<Rec> records : partitions) {
      for (Rec r : records) {
        if (r.offset() < position[r.partition()] && r.selected() && r.key() != null) {
          if (r.value() == null) {
            state.remove(r.key());
          } else {
            state.put(r.key(), r.value());
          }
        }
      }
    }
    return state;
  }

  /** The selected records without a key below {@code position}, per partition in offset order. */
  List<Rec> unkeyedUpTo(long[] position) {
    List<Rec> unkeyed = new ArrayList<>();
    for (List<Rec> records : partitions) {
      for (Rec r : records) {
        if (r.offset() < position[r.partition()] && r.selected() && r.key() == null) {
          unkeyed.add(r);
        }
      }
    }
    return unkeyed;
  }
}
