package dev.streamgate.tail;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The keyed listeners of a topic's reader: streams with a {@code key} filter, indexed per wake-up
 * group by the keys they take, so that a group's wake-up runs only the streams one of whose keys
 * was appended since ({@link PendingKeys}), instead of every stream of the topic.
 *
 * <p>A keyed listener starts <em>unsettled</em>: it is run at every wake-up of its group, as an
 * unkeyed one is, until its stream says it is settled (caught up and at its window's end, so that
 * the next record it takes is one appended later, whose key is then noted). A stream that leaves
 * that state (it fell out of the window) unsettles itself again.
 *
 * <p>Threads: {@link #add}, {@link #settle} and {@link #remove} come from the listener's stream
 * (its event loop, or the thread opening it), one at a time per listener; {@link #pend} and {@link
 * #run} from the reader's poll thread; {@link #runAll} from whichever thread retires the reader.
 * The index is concurrent, so a listener added during a wake-up may or may not be run by it: it
 * reads the window after it registered anyway. A listener is indexed before {@link #any} counts it,
 * and the poll thread reads {@link #any} after appending a record (both volatile): so either the
 * poll thread notes the record's key for it, or its stream's first read sees the record.
 */
final class KeyedListeners {

  /** Where a keyed listener is: its group and keys, and whether it is settled. */
  private record Registration(int group, Set<String> keys) {}

  private final ConcurrentHashMap<Runnable, Registration> registered = new ConcurrentHashMap<>();
  private final Set<Runnable>[] members;
  private final Set<Runnable>[] unsettled;
  private final ConcurrentHashMap<String, Set<Runnable>>[] byKey;
  private final AtomicInteger count = new AtomicInteger();
  private final Set<Runnable> woken = new HashSet<>();
  private volatile long wakeUps;

  @SuppressWarnings("unchecked")
  KeyedListeners(int groups) {
    members = new Set[groups];
    unsettled = new Set[groups];
    byKey = new ConcurrentHashMap[groups];
    for (int g = 0; g < groups; g++) {
      members[g] = ConcurrentHashMap.newKeySet();
      unsettled[g] = ConcurrentHashMap.newKeySet();
      byKey[g] = new ConcurrentHashMap<>();
    }
  }

  /** Adds an unsettled listener of these keys (not empty) to group {@code group}. */
  void add(Runnable listener, int group, Set<String> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("A keyed listener takes at least one key");
    }
    Registration registration = new Registration(group, Set.copyOf(keys));
    if (registered.putIfAbsent(listener, registration) != null) {
      return;
    }
    unsettled[group].add(listener);
    members[group].add(listener);
    for (String key : registration.keys()) {
      byKey[group].compute(
          key,
          (k, set) -> {
            Set<Runnable> listeners = set != null ? set : ConcurrentHashMap.newKeySet();
            listeners.add(listener);
            return listeners;
          });
    }
    count.incrementAndGet();
  }

  /**
   * Settled: woken only when one of its keys was appended (or a sweep); unsettled: at every wake-up
   * of its group. No effect on a listener that is not keyed here.
   */
  void settle(Runnable listener, boolean settled) {
    Registration registration = registered.get(listener);
    if (registration == null) {
      return;
    }
    if (settled) {
      unsettled[registration.group()].remove(listener);
    } else {
      unsettled[registration.group()].add(listener);
    }
  }

  /** Removes a keyed listener; false when it is not one. */
  boolean remove(Runnable listener) {
    Registration registration = registered.remove(listener);
    if (registration == null) {
      return false;
    }
    count.decrementAndGet();
    int g = registration.group();
    for (String key : registration.keys()) {
      byKey[g].computeIfPresent(
          key,
          (k, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
          });
    }
    members[g].remove(listener);
    unsettled[g].remove(listener);
    return true;
  }

  /** The keyed listeners. */
  int size() {
    return count.get();
  }

  /** Whether there is any keyed listener (read by the poll thread after it appended a record). */
  boolean any() {
    return count.get() > 0;
  }

  /** A record with {@code key} was appended: pending for each group with a listener of it. */
  void pend(String key, PendingKeys pending) {
    for (int g = 0; g < byKey.length; g++) {
      if (byKey[g].containsKey(key)) {
        pending.add(g, key);
      }
    }
  }

  /**
   * Runs group {@code g}'s keyed listeners that are owed a wake-up: the unsettled ones, and the
   * settled ones of a pending key (every one when all keys are pending), each once; then clears
   * what was pending for the group. Poll thread only.
   */
  void run(int g, PendingKeys pending) {
    for (Runnable listener : unsettled[g]) {
      woken.add(listener);
      listener.run();
    }
    if (pending.all(g)) {
      for (Runnable listener : members[g]) {
        if (woken.add(listener)) {
          listener.run();
        }
      }
    } else {
      for (String key : pending.keys(g)) {
        Set<Runnable> listeners = byKey[g].get(key);
        if (listeners != null) {
          for (Runnable listener : listeners) {
            if (woken.add(listener)) {
              listener.run();
            }
          }
        }
      }
    }
    wakeUps += woken.size();
    woken.clear();
    pending.clear(g);
  }

  /** Keyed listeners run by {@link #run} so far (any thread reads it; the poll thread writes). */
  long wakeUps() {
    return wakeUps;
  }

  /** Runs every keyed listener of group {@code g} (a retired reader); any thread. */
  void runAll(int g) {
    members[g].forEach(Runnable::run);
  }
}
