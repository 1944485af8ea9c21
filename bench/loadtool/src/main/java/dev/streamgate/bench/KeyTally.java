package dev.streamgate.bench;

import java.util.BitSet;

/**
 * One snapshot client's check of the records it got before {@code caught-up}: the snapshot
 * scenario's keys are the (partition, sequence) pairs of a keyed production (key index {@code
 * s * partitions + p}, see {@link Producer#key}), so a bitset over key indexes tells a duplicate key
 * from a first one and, at the end, which keys never came. A key the update pass wrote again must
 * carry the update: a value stamped ({@code t}) before {@code updatedAfterNanos} is stale.
 *
 * <p>Threads: owned by the client's event loop; read by the main thread after every loop handed it
 * over ({@link SseClients#onEveryLoop}).
 */
final class KeyTally {
  private final BitSet seen;
  private final int keys;
  private final int partitions;
  private final long updates;
  private final long updatedAfterNanos;
  private long records;
  private long duplicates;
  private long unknown;
  private long stale;

  /** Keys 0..keys-1 over {@code partitions}; the first {@code updates} of them were written twice. */
  KeyTally(int keys, int partitions, long updates, long updatedAfterNanos) {
    this.seen = new BitSet(keys);
    this.keys = keys;
    this.partitions = partitions;
    this.updates = Math.min(updates, keys);
    this.updatedAfterNanos = updatedAfterNanos;
  }

  /** A snapshot record whose value is the bench payload (p, s, t). */
  void record(int p, long s, long t) {
    records++;
    if (p < 0 || p >= partitions || s < 0 || s * partitions + p >= keys) {
      unknown++;
      return;
    }
    int idx = (int) (s * partitions + p);
    if (seen.get(idx)) duplicates++;
    else seen.set(idx);
    if (s < Producer.countFor(updates, partitions, p) && t < updatedAfterNanos) stale++;
  }

  long records() {
    return records;
  }

  long duplicates() {
    return duplicates;
  }

  /** Records whose (p, s) is no key of the production. */
  long unknown() {
    return unknown;
  }

  /** Updated keys that came with their first value. */
  long stale() {
    return stale;
  }

  long missing() {
    return keys - seen.cardinality();
  }

  /** Every key exactly once, each at its latest value, nothing else. */
  boolean exact() {
    return records == keys && duplicates == 0 && unknown == 0 && stale == 0 && missing() == 0;
  }
}
