package dev.streamgate.tail;

import java.util.HashSet;
import java.util.Set;

/**
 * The keys appended to a topic's window since each wake-up group's last wake-up, which tell the
 * group's keyed streams ({@link KeyedListeners}) which of them have something to take.
 *
 * <p>Bounded: a group with more than {@code maxKeys} distinct keys pending counts as "every key"
 * (its keyed streams are all woken at its next wake-up, as an unkeyed stream is), and so does a
 * record whose key no filter can judge (an undecodable key passes every key filter) and a sweep
 * ({@link #addAll}).
 *
 * <p>Pure and single-threaded: the reader's poll thread owns it.
 */
final class PendingKeys {

  private final Set<String>[] keys;
  private final boolean[] all;
  private final int maxKeys;

  @SuppressWarnings("unchecked")
  PendingKeys(int groups, int maxKeys) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be positive: " + maxKeys);
    }
    this.keys = new Set[groups];
    this.all = new boolean[groups];
    this.maxKeys = maxKeys;
    for (int g = 0; g < groups; g++) {
      keys[g] = new HashSet<>();
    }
  }

  /** A record with this key was appended and group {@code g} has a stream that takes it. */
  void add(int g, String key) {
    if (!all[g] && keys[g].add(key) && keys[g].size() > maxKeys) {
      owesAll(g);
    }
  }

  /** Every group owes every keyed stream a wake-up (a sweep, or a key no filter can judge). */
  void addAll() {
    for (int g = 0; g < keys.length; g++) {
      owesAll(g);
    }
  }

  /** Whether group {@code g} owes every keyed stream a wake-up. */
  boolean all(int g) {
    return all[g];
  }

  /** The keys pending for group {@code g} (meaningless when {@link #all(int)}). */
  Set<String> keys(int g) {
    return keys[g];
  }

  /** Group {@code g} was woken: nothing is pending for it any more. */
  void clear(int g) {
    all[g] = false;
    keys[g].clear();
  }

  private void owesAll(int g) {
    all[g] = true;
    keys[g].clear();
  }
}
