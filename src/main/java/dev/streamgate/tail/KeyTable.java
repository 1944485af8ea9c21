package dev.streamgate.tail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A topic's latest-by-key table, one per topic reader, shared by every {@code from=snapshot} client
 * of the pod. It is built once — a {@link TableBuild} reads the topic from its earliest offsets up
 * to {@code from}, the reader's position when the table was asked for — and kept current by the
 * topic's reader, which folds in every record at or after {@code from} (held aside until the build
 * is done). Clients take immutable {@link KeyTableView}s of it.
 *
 * <p>Threads: the state is guarded by this object's lock, taken by the topic's poll thread once per
 * poll ({@link #apply}), by the build's thread once when it is done, and by the open threads when
 * they take a view (a copy of the references, reused for {@code viewReuseNanos}). Never by an event
 * loop: clients only read views. Overflow policy: above {@code max-keys} or {@code max-bytes} the
 * table frees its records and refuses snapshots ({@link SnapshotRefused}) until it is dropped,
 * {@code keep} after its last use.
 */
public final class KeyTable {

  private final String topic;
  private final int fingerprint;
  private final SnapshotBuilds builds;
  private final long[] from;
  private final CompletableFuture<Void> built = new CompletableFuture<>();
  private LatestByKey latest;
  private List<ConsumerRecord<byte[], byte[]>> pending = new ArrayList<>();
  private long pendingBytes;
  private long[] position;
  private String refusal;
  private boolean tooLarge;
  private KeyTableView view;
  private long viewNanos;
  private volatile long lastUsedNanos;
  private volatile int keys;
  private volatile long bytes;

  KeyTable(String topic, int fingerprint, long[] readerPositions, SnapshotBuilds builds) {
    this.topic = topic;
    this.fingerprint = fingerprint;
    this.builds = builds;
    this.from = readerPositions.clone();
    this.position = readerPositions.clone();
    this.lastUsedNanos = builds.nanoTime();
  }

  String topic() {
    return topic;
  }

  /** Where the build stops: per partition, the first offset the reader folds in itself. */
  long[] from() {
    return from.clone();
  }

  private long from(int partition) {
    return partition < from.length ? from[partition] : 0;
  }

  /**
   * Folds in a poll's records at or after {@code from} (the build folds those below) and moves the
   * table's position to the reader's; on the topic's poll thread.
   */
  synchronized void apply(Iterable<ConsumerRecord<byte[], byte[]>> records, long[] positions) {
    if (refusal != null) {
      return;
    }
    for (ConsumerRecord<byte[], byte[]> record : records) {
      if (record.offset() < from(record.partition())) {
        continue;
      }
      if (latest != null) {
        latest.apply(record);
      } else {
        pending.add(record);
        pendingBytes += size(record);
      }
    }
    position = positions.clone();
    checkBounds();
  }

  /** The build read every record below {@code from}: the table is ready (on the build's thread). */
  synchronized void built(LatestByKey base) {
    if (refusal == null) {
      latest = base;
      pending.forEach(base::apply);
      pending = null;
      checkBounds();
    }
    built.complete(null);
  }

  /** The build could not finish, or the table must go (its reader stopped). */
  synchronized void fail(boolean overBounds, String why) {
    if (refusal == null) {
      refusal = why;
      tooLarge = overBounds;
      latest = null;
      pending = null;
      view = null;
      keys = 0;
      bytes = 0;
    }
    built.complete(null);
  }

  private void checkBounds() {
    long held = latest != null ? latest.bytes() : pendingBytes;
    int count = latest != null ? latest.keys() : 0;
    if (builds.tooLarge(count, held)) {
      fail(true, builds.tooLargeDetail(topic));
    } else {
      keys = count;
      bytes = held;
    }
  }

  /**
   * The table as of a position, waiting (on an open thread, never an event loop) for the build.
   *
   * @throws SnapshotRefused above the bounds, or when the build failed or did not finish in time
   */
  public KeyTableView view(long timeoutNanos) {
    lastUsedNanos = builds.nanoTime();
    try {
      built.get(timeoutNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new SnapshotRefused(
          false, "The snapshot of topic " + topic + " is still being built; retry shortly");
    } catch (ExecutionException e) {
      throw new SnapshotRefused(false, "The snapshot of topic " + topic + " failed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SnapshotRefused(false, "Interrupted while waiting for the snapshot of " + topic);
    }
    synchronized (this) {
      if (refusal != null) {
        throw new SnapshotRefused(tooLarge, refusal);
      }
      long now = builds.nanoTime();
      if (view == null || now - viewNanos > builds.viewReuseNanos()) {
        view = new KeyTableView(topic, fingerprint, position, latest.records());
        viewNanos = now;
      }
      return view;
    }
  }

  /** Whether no snapshot was asked of this table for {@code keep}. */
  boolean unused(long now) {
    return now - lastUsedNanos > builds.keepNanos();
  }

  /** Keys held (0 while building or refused). */
  int keys() {
    return keys;
  }

  /** Bytes held, as counted against {@code max-bytes}. */
  long bytes() {
    return bytes;
  }

  private static long size(ConsumerRecord<byte[], byte[]> record) {
    return (record.key() == null ? 0 : record.key().length)
        + (record.value() == null ? 0 : record.value().length)
        + KeyedRecord.OVERHEAD_BYTES;
  }
}
