package dev.streamgate.tail;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The recent records of one topic in the order this pod read them, bounded by count and bytes.
 *
 * <p>One writer (the topic's tail) appends; any number of readers read without locks, each at its
 * own pace. Overflow policy: the oldest records are evicted; a reader whose next record was evicted
 * has fallen out of the window and is told so ({@link #get} returns null below {@link #endSeq()}).
 * The tail never waits for readers.
 */
public final class Window {

  /** Slots a new window starts with; the ring doubles as records arrive, up to the record bound. */
  static final int INITIAL_SLOTS = 1024;

  private volatile AtomicReferenceArray<WindowEntry> ring;
  private final int capacity;
  private final long maxBytes;
  private volatile long endSeq;
  private long startSeq;
  private long bytes;
  private long[] startVector;

  /**
   * @param start the topic's next offsets when the window begins (the tail's start position)
   * @param maxRecords most records kept
   * @param maxBytes most approximate heap bytes kept
   */
  public Window(long[] start, int maxRecords, long maxBytes) {
    this.capacity = maxRecords;
    this.maxBytes = maxBytes;
    this.ring = new AtomicReferenceArray<>(Math.min(maxRecords, INITIAL_SLOTS));
    this.startVector = start.clone();
  }

  /** Appends a record (writer thread only), evicting the oldest entries beyond the bounds. */
  public WindowEntry append(ConsumerRecord<byte[], byte[]> record, String sharedId) {
    return append(record, sharedId, null);
  }

  /**
   * Appends a record with its selections' verdicts ({@link TopicSelections}), published with it.
   */
  synchronized WindowEntry append(
      ConsumerRecord<byte[], byte[]> record, String sharedId, Selected[] selected) {
    WindowEntry entry = new WindowEntry(endSeq, record, sharedId, selected);
    while (startSeq < endSeq
        && (endSeq - startSeq >= capacity || bytes + entry.bytes() > maxBytes)) {
      evictOldest();
    }
    AtomicReferenceArray<WindowEntry> slots = ring;
    if (endSeq - startSeq >= slots.length()) {
      slots = grow(slots);
    }
    slots.set((int) (endSeq % slots.length()), entry);
    bytes += entry.bytes();
    ensurePartitions(record.partition() + 1);
    endSeq = endSeq + 1;
    return entry;
  }

  /**
   * Doubles the ring (up to the record bound), copying the live entries. Published before the next
   * append moves {@link #endSeq()}, so a reader that saw that end also sees the new ring; a reader
   * still holding the old one finds every entry it may ask for there too.
   */
  private AtomicReferenceArray<WindowEntry> grow(AtomicReferenceArray<WindowEntry> old) {
    int size = (int) Math.min((long) capacity, 2L * old.length());
    AtomicReferenceArray<WindowEntry> grown = new AtomicReferenceArray<>(size);
    for (long seq = startSeq; seq < endSeq; seq++) {
      grown.set((int) (seq % size), old.get((int) (seq % old.length())));
    }
    ring = grown;
    return grown;
  }

  private void evictOldest() {
    int slot = slot(startSeq);
    WindowEntry oldest = ring.get(slot);
    // Dropped now, not when the slot is reused: the byte bound is what bounds the heap.
    ring.set(slot, null);
    startVector[oldest.partition()] = oldest.offset() + 1;
    bytes -= oldest.bytes();
    startSeq++;
  }

  /**
   * The entry at {@code seq}, or null when it was evicted (or is not written yet: check {@link
   * #endSeq()} first).
   */
  public WindowEntry get(long seq) {
    AtomicReferenceArray<WindowEntry> slots = ring;
    WindowEntry entry = slots.get((int) (seq % slots.length()));
    return entry != null && entry.seq() == seq ? entry : null;
  }

  /** One past the last appended entry; entries below it are readable until evicted. */
  public long endSeq() {
    return endSeq;
  }

  /**
   * Lets a client read from the window if it is not behind the window's oldest record in any
   * partition; otherwise it must catch up from Kafka first.
   *
   * @param next the client's next offset per partition
   * @return a reader positioned at the oldest entry, or null when the client is behind the window
   */
  public synchronized WindowReader join(long[] next) {
    return covers(next) ? new WindowReader(this, startSeq, startVector, next) : null;
  }

  /** Whether a client at {@code next} is not behind the window's oldest record in any partition. */
  public synchronized boolean covers(long[] next) {
    for (int p = 0; p < startVector.length; p++) {
      long clientNext = p < next.length ? next[p] : 0;
      if (clientNext < startVector[p]) {
        return false;
      }
    }
    return true;
  }

  /** Partitions added to the topic are read from their start; they join the vectors at 0. */
  public synchronized void ensurePartitions(int count) {
    if (count > startVector.length) {
      startVector = Arrays.copyOf(startVector, count);
    }
  }

  /** Number of entries currently held. */
  public synchronized long size() {
    return endSeq - startSeq;
  }

  /** Timestamp (epoch millis) of the oldest record held, or -1 when the window is empty. */
  public synchronized long oldestTimestamp() {
    return startSeq < endSeq ? ring.get(slot(startSeq)).record().timestamp() : -1;
  }

  /** Approximate heap bytes currently held. */
  public synchronized long bytes() {
    return bytes;
  }

  private int slot(long seq) {
    return (int) (seq % ring.length());
  }
}
