package dev.streamgate.tail;

import java.util.Arrays;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A reader's published positions and its topic's {@link KeyTable}, under one lock: each poll's
 * records are folded into the table and the positions published under it, and a table is created
 * under it at the positions published last. So the table's build (records below those positions)
 * and the reader (records from them on) fold every record exactly once.
 *
 * <p>Threads: {@link #publish} and {@link #grow} on the reader's poll thread; {@link #table} on the
 * open pool (a snapshot stream's open); {@link #drop} on whichever thread ends the reader; {@link
 * #positions} on any thread (a volatile array, replaced and never changed). {@code table} is
 * guarded by {@code lock}; a dropped table is failed outside it.
 */
final class TableHandOff {

  private final String topic;
  private final int fingerprint;
  private final SnapshotBuilds builds;
  private final BooleanSupplier serving;
  private final Object lock = new Object();
  private KeyTable table;
  private volatile long[] positions;

  /**
   * @param builds the pod's snapshot builds, or null for a reader that serves no snapshots
   * @param serving whether the reader may still hand out a table (read under the lock)
   */
  TableHandOff(
      String topic, int fingerprint, long[] start, SnapshotBuilds builds, BooleanSupplier serving) {
    this.topic = topic;
    this.fingerprint = fingerprint;
    this.positions = start.clone();
    this.builds = builds;
    this.serving = serving;
  }

  /** The reader's next fetch offset per partition after its last poll. */
  long[] positions() {
    return positions;
  }

  /**
   * The topic's table, created at the published positions (its build queued) when there is none.
   *
   * @throws SnapshotRefused when the reader serves no snapshots (ended, or built without them)
   */
  KeyTable table() {
    synchronized (lock) {
      if (builds == null || !serving.getAsBoolean()) {
        throw new SnapshotRefused(false, "The reader of topic " + topic + " is stopping");
      }
      if (table == null) {
        table = builds.start(topic, fingerprint, positions);
      }
      return table;
    }
  }

  /**
   * Folds a poll's records into the table, if any, and publishes the positions after them; drops a
   * table no snapshot asked for within {@code streamgate.snapshot.keep}.
   */
  void publish(Iterable<ConsumerRecord<byte[], byte[]>> records, long[] now) {
    KeyTable unused = null;
    synchronized (lock) {
      if (table != null) {
        table.apply(records, now);
        if (table.unused(System.nanoTime())) {
          unused = table;
          table = null;
        }
      }
      positions = now;
    }
    if (unused != null) {
      builds.dropped(unused, "unused for streamgate.snapshot.keep");
    }
  }

  /** Partitions added to the topic start at offset 0. */
  void grow(int partitions) {
    synchronized (lock) {
      if (partitions > positions.length) {
        positions = Arrays.copyOf(positions, partitions);
      }
    }
  }

  /** Frees the table, if any (its waiting snapshot clients are refused with {@code why}). */
  void drop(String why) {
    KeyTable dropped;
    synchronized (lock) {
      dropped = table;
      table = null;
    }
    if (dropped != null) {
      builds.dropped(dropped, why);
    }
  }
}
