package dev.streamgate.conflate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.conflate.LogModel.Rec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A conflated client as a page holds it: a key → value map folded from the events it receives, the
 * records without a key it received, and its last event id; it drops after a set number of events.
 * At every batch's end ({@code batch} marker) it checks the promise: the map is the fold of the log
 * up to the marker's id, and every selected record without a key below that id arrived exactly
 * once, in its partition's order.
 */
final class ClientModel {

  private final LogModel log;
  private final Map<String, String> state = new HashMap<>();
  private final List<Rec> unkeyed = new ArrayList<>();
  private long[] lastId;
  private int budget;
  int markers;
  int midBatchDrops;
  private boolean inBatch;

  ClientModel(LogModel log, long[] start) {
    this.log = log;
    this.lastId = start.clone();
  }

  /** Starts a connection that drops after {@code events} events. */
  void connect(int events) {
    budget = events;
    inBatch = false;
  }

  boolean connected() {
    return budget > 0;
  }

  long[] lastId() {
    return lastId.clone();
  }

  void record(Rec r, long[] id) {
    if (!connected()) {
      return;
    }
    if (r.key() == null) {
      unkeyed.add(r);
    } else if (r.value() == null) {
      state.remove(r.key());
    } else {
      state.put(r.key(), r.value());
    }
    lastId = id.clone();
    inBatch = true;
    if (--budget == 0) {
      midBatchDrops++;
    }
  }

  void marker(long[] id) {
    if (!connected()) {
      return;
    }
    lastId = id.clone();
    inBatch = false;
    budget--;
    markers++;
    assertThat(state)
        .as("the state at batch end %s", java.util.Arrays.toString(id))
        .isEqualTo(log.foldUpTo(id));
    List<Rec> expected = log.unkeyedUpTo(id);
    Set<Rec> once = new HashSet<>(unkeyed);
    assertThat(once).as("records without a key, each once").hasSize(unkeyed.size());
    assertThat(once)
        .as("records without a key up to the batch end")
        .isEqualTo(new HashSet<>(expected));
    long[] seen = new long[id.length];
    for (Rec r : unkeyed) {
      assertThat(r.offset())
          .as("records without a key in partition order")
          .isGreaterThanOrEqualTo(seen[r.partition()]);
      seen[r.partition()] = r.offset() + 1;
    }
  }

  boolean inBatch() {
    return inBatch;
  }
}
