package dev.streamgate.tail;

import java.util.Arrays;

/**
 * One client's progress through one topic's window: the merged-order skip rule.
 *
 * <p>The client holds its own position vector {@code next}; the window's entries carry the pod's
 * prefix. Reading in window order, an entry whose offset is below the client's next offset for its
 * partition was already delivered (by another pod or a catch-up reader) and is skipped; every other
 * entry is delivered and moves the client's position. Per partition the order is the log's order,
 * so nothing is delivered twice and nothing is skipped that was not seen.
 *
 * <p>Once the pod's prefix has caught up with the client's position in every partition, the two are
 * equal from then on: the client is <em>aligned</em> and can send the entries' shared frames, ids
 * included, unchanged.
 */
public final class WindowReader {

  private final Window window;
  private long seq;
  private long[] prefix;
  private long[] next;
  private int mismatched;
  private boolean fellBehind;

  WindowReader(Window window, long startSeq, long[] startVector, long[] next) {
    this.window = window;
    this.seq = startSeq;
    int partitions = Math.max(startVector.length, next.length);
    this.prefix = Arrays.copyOf(startVector, partitions);
    this.next = Arrays.copyOf(next, partitions);
    for (int p = 0; p < partitions; p++) {
      if (prefix[p] != this.next[p]) {
        mismatched++;
      }
    }
  }

  /**
   * The next entry to deliver, skipping entries the client already has.
   *
   * @return the entry, or null when none is available yet or the reader fell out of the window (see
   *     {@link #fellBehind()})
   */
  public WindowEntry poll() {
    WindowEntry entry = peek();
    if (entry != null) {
      seq++;
      advance(entry.partition(), entry.offset());
    }
    return entry;
  }

  /**
   * The entry {@link #poll} would return, without taking it; the entries before it that the client
   * already has are passed over.
   */
  public WindowEntry peek() {
    while (!fellBehind && seq < window.endSeq()) {
      WindowEntry entry = window.get(seq);
      if (entry == null) {
        fellBehind = true;
        return null;
      }
      if (entry.offset() >= next(entry.partition())) {
        return entry;
      }
      seq++;
      advance(entry.partition(), entry.offset());
    }
    return null;
  }

  private boolean advance(int partition, long offset) {
    if (partition >= prefix.length) {
      prefix = Arrays.copyOf(prefix, partition + 1);
      next = Arrays.copyOf(next, partition + 1);
    }
    boolean wasMismatched = prefix[partition] != next[partition];
    boolean deliver = offset >= next[partition];
    prefix[partition] = offset + 1;
    if (deliver) {
      next[partition] = offset + 1;
    }
    if (wasMismatched && prefix[partition] == next[partition]) {
      mismatched--;
    }
    return deliver;
  }

  /** Whether the client's position equals the pod's prefix, so shared frames fit it exactly. */
  public boolean aligned() {
    return mismatched == 0;
  }

  /** Whether the reader's next entry was evicted before it got there. */
  public boolean fellBehind() {
    if (!fellBehind && seq < window.endSeq() && window.get(seq) == null) {
      fellBehind = true;
    }
    return fellBehind;
  }

  /** Whether every entry appended so far has been read. */
  public boolean atEnd() {
    return seq >= window.endSeq();
  }

  /** The client's next offset per partition. */
  public long[] nextOffsets() {
    return next.clone();
  }

  /** The client's next offset in {@code partition}. */
  public long next(int partition) {
    return partition < next.length ? next[partition] : 0;
  }
}
