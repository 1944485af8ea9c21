package dev.streamgate.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The keys of the {@code conflate-1k} production: {@code keys} keys over {@code partitions}
 * partitions, each key in one partition (as Kafka's own partitioner keeps a key, and as a
 * conflated client's exact state assumes). Event (p, s) of the round-robin production ({@link
 * Producer}) gets key index {@code p + partitions × (s mod k(p))}, where {@code k(p)} is the number
 * of keys of partition p: partition p cycles through its own keys, in order, so every key changes
 * at the same rate. A client reads the key back from the value's p and s ({@link #index}), and the
 * topic's fold checks that every record's Kafka key is the one its value names.
 */
final class KeyRing {
  private final int keys;
  private final int partitions;
  private final long[] perPartition;

  KeyRing(int keys, int partitions) {
    if (keys < partitions) throw new IllegalArgumentException("at least one key per partition: " + keys + " keys, " + partitions + " partitions");
    this.keys = keys;
    this.partitions = partitions;
    this.perPartition = new long[partitions];
    for (int p = 0; p < partitions; p++) perPartition[p] = Producer.countFor(keys, partitions, p);
  }

  int keys() {
    return keys;
  }

  int partitions() {
    return partitions;
  }

  /** The key index of event (p, s), or -1 when (p, s) is no event of a production. */
  int index(int p, long s) {
    if (p < 0 || p >= partitions || s < 0) return -1;
    return (int) (p + partitions * (s % perPartition[p]));
  }

  /** The Kafka key of event (p, s): {@code k<index>}. */
  byte[] key(int p, long s) {
    return name(index(p, s));
  }

  /**
   * The state a production leaves when partition p got sequences {@code 0..sent[p]-1}: per key the
   * latest sequence, -1 for a key never written. What the clients should converge to; the verdict
   * is taken against the topic's own fold ({@link TopicFold}).
   */
  long[] foldOf(long[] sent) {
    long[] latest = new long[keys];
    Arrays.fill(latest, -1);
    for (int p = 0; p < partitions; p++) {
      long n = p < sent.length ? sent[p] : 0;
      for (long s = Math.max(0, n - perPartition[p]); s < n; s++) latest[index(p, s)] = s;
    }
    return latest;
  }

  static byte[] name(int index) {
    return ("k" + index).getBytes(StandardCharsets.US_ASCII);
  }

  /** The index a Kafka key names, or -1 when it is no key of the ring. */
  int parse(byte[] key) {
    if (key == null || key.length < 2 || key[0] != 'k' || key.length > 11) return -1;
    long v = 0;
    for (int i = 1; i < key.length; i++) {
      if (key[i] < '0' || key[i] > '9') return -1;
      v = v * 10 + (key[i] - '0');
    }
    return v < keys ? (int) v : -1;
  }
}
