package dev.streamgate.tail;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reader's listeners (its streams' signals), spread round-robin over the {@link SignalPacer}'s
 * groups so that each group can be woken in its own slot. Thread-safe: streams come and go on their
 * event loops while the reader wakes them.
 */
final class PhasedListeners {

  private final Set<Runnable>[] groups;
  private final AtomicInteger next = new AtomicInteger();

  @SuppressWarnings("unchecked")
  PhasedListeners(int phases) {
    groups = new Set[phases];
    for (int g = 0; g < phases; g++) {
      groups[g] = ConcurrentHashMap.newKeySet();
    }
  }

  void add(Runnable listener) {
    groups[Math.floorMod(next.getAndIncrement(), groups.length)].add(listener);
  }

  void remove(Runnable listener) {
    for (Set<Runnable> group : groups) {
      if (group.remove(listener)) {
        return;
      }
    }
  }

  int size() {
    int size = 0;
    for (Set<Runnable> group : groups) {
      size += group.size();
    }
    return size;
  }

  /** Runs the listeners of the groups in {@code mask} (bit {@code g} for group {@code g}). */
  void run(int mask) {
    for (int g = 0; g < groups.length; g++) {
      if ((mask & (1 << g)) != 0) {
        groups[g].forEach(Runnable::run);
      }
    }
  }

  void runAll() {
    run(-1);
  }
}
