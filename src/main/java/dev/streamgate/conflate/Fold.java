package dev.streamgate.conflate;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A window's records folded as conflation sends them: the latest record of every key (a tombstone
 * too, sent as {@code delete}), and every record without a key, in order. What it holds is what a
 * batch sends, in the merged order of the records kept ({@link #drain}).
 *
 * <p>Records are added in the order they were read, so per partition in offset order: a record
 * replaces its key's earlier one. Merging batches is adding their records in turn (a later batch's
 * record of a key replaces an earlier batch's). Counts the keys and records it holds and their
 * weight ({@link Change#bytes}), which its owner bounds.
 *
 * <p>Not thread-safe: owned by one thread (a topic reader for a group's open window, an event loop
 * for a stream's pending batch).
 */
public final class Fold<T> {

  private static final Comparator<Change<?>> BY_ORDER = Comparator.comparingLong(Change::order);

  private final Map<ByteBuffer, Change<T>> latest = new HashMap<>();
  private final List<Change<T>> unkeyed = new ArrayList<>();
  private long bytes;

  /** Folds one record in. */
  public void add(Change<T> change) {
    bytes += change.bytes();
    if (change.key() == null) {
      unkeyed.add(change);
      return;
    }
    Change<T> previous = latest.put(ByteBuffer.wrap(change.key()), change);
    if (previous != null) {
      bytes -= previous.bytes();
    }
  }

  /** Folds these records in, in their order. */
  public void addAll(Iterable<Change<T>> changes) {
    changes.forEach(this::add);
  }

  /** Keys held (tombstones included). */
  public int keys() {
    return latest.size();
  }

  /** Records held: one per key, and every record without a key. */
  public int size() {
    return latest.size() + unkeyed.size();
  }

  /** The weight of what it holds. */
  public long bytes() {
    return bytes;
  }

  public boolean isEmpty() {
    return latest.isEmpty() && unkeyed.isEmpty();
  }

  /** Whether it holds more than {@code maxKeys} records or {@code maxBytes} bytes. */
  public boolean over(int maxKeys, long maxBytes) {
    return size() > maxKeys || bytes > maxBytes;
  }

  /** What it holds in merged order, and empties it. */
  public List<Change<T>> drain() {
    List<Change<T>> all = new ArrayList<>(size());
    all.addAll(latest.values());
    all.addAll(unkeyed);
    all.sort(BY_ORDER);
    latest.clear();
    unkeyed.clear();
    bytes = 0;
    return all;
  }
}
