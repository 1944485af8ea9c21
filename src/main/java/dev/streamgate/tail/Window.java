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

  private final AtomicReferenceArray<WindowEntry> ring;
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
    this.ring = new AtomicReferenceArray<>(maxRecords);
    this.startVector = start.clone();
  }

  /** Appends a record (writer thread only), evicting the oldest entries beyond the bounds. */
  public synchronized WindowEntry append(ConsumerRecord<byte[], byte[]> record, String sharedId) {
    WindowEntry entry = new WindowEntry(endSeq, record, sharedId);
    while (startSeq < endSeq
        && (endSeq - startSeq >= capacity || bytes + entry.bytes() > maxBytes)) {
      evictOldest();
    }
    ring.set(slot(endSeq), entry);
    bytes += entry.bytes();
    ensurePartitions(record.partition() + 1);
    endSeq = endSeq + 1;
    return entry;
  }

  private void evictOldest() {
    WindowEntry oldest = ring.get(slot(startSeq));
    startVector[oldest.partition()] = oldest.offset() + 1;
    bytes -= oldest.bytes();
    startSeq++;
  }

  /**
   * The entry at {@code seq}, or null when it was evicted (or is not written yet: check {@link
   * #endSeq()} first).
   */
  public WindowEntry get(long seq) {
    WindowEntry entry = ring.get(slot(seq));
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
    for (int p = 0; p < startVector.length; p++) {
      long clientNext = p < next.length ? next[p] : 0;
      if (clientNext < startVector[p]) {
        return null;
      }
    }
    return new WindowReader(this, startSeq, startVector, next);
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
    return (int) (seq % capacity);
  }
}
