package dev.streamgate.cursor;

import java.util.Arrays;
import java.util.Objects;

/**
 * Where a stream stands in one topic: for each partition, the offset of the next record to deliver.
 *
 * <p>Next offsets (rather than last delivered offsets) are stored because "nothing delivered yet"
 * then needs no special value: a fresh partition simply starts at its first offset, and resuming
 * means seeking each partition to exactly this number. The {@link #fingerprint()} of the topic id
 * travels along so that a cursor taken before a topic was deleted and recreated under the same name
 * can be recognised as belonging to a different topic, whose offsets mean something else.
 *
 * <p>Immutable: the offsets array is copied in and out.
 */
public final class TopicPosition {

  private final String topic;
  private final int fingerprint;
  private final long[] nextOffsets;

  /**
   * @param topic a legal Kafka topic name (1..249 characters of [a-zA-Z0-9._-], not "." or "..")
   * @param fingerprint the {@link TopicFingerprint} of the topic's id
   * @param nextOffsets per partition, in partition order, the next offset to deliver; at least one
   *     partition, every offset &gt;= 0; copied
   * @throws IllegalArgumentException if any of the above does not hold
   */
  public TopicPosition(String topic, int fingerprint, long[] nextOffsets) {
    if (!TopicNames.isLegal(topic)) {
      throw new IllegalArgumentException("not a legal Kafka topic name: " + topic);
    }
    if (nextOffsets == null || nextOffsets.length < 1) {
      throw new IllegalArgumentException("topic " + topic + " needs at least one partition");
    }
    long[] copy = nextOffsets.clone();
    for (int p = 0; p < copy.length; p++) {
      if (copy[p] < 0) {
        throw new IllegalArgumentException(
            "negative next offset " + copy[p] + " for " + topic + " partition " + p);
      }
    }
    this.topic = topic;
    this.fingerprint = fingerprint;
    this.nextOffsets = copy;
  }

  public String topic() {
    return topic;
  }

  public int fingerprint() {
    return fingerprint;
  }

  /** Number of partitions; partitions are numbered 0..partitions()-1. */
  public int partitions() {
    return nextOffsets.length;
  }

  /**
   * @throws IndexOutOfBoundsException if {@code partition} is not in 0..partitions()-1
   */
  public long nextOffset(int partition) {
    return nextOffsets[Objects.checkIndex(partition, nextOffsets.length)];
  }

  /** A copy of all next offsets, indexed by partition. */
  public long[] nextOffsets() {
    return nextOffsets.clone();
  }

  /**
   * This position with one partition's next offset replaced.
   *
   * @throws IndexOutOfBoundsException if {@code partition} is not in 0..partitions()-1
   * @throws IllegalArgumentException if {@code nextOffset} is negative
   */
  public TopicPosition withNextOffset(int partition, long nextOffset) {
    Objects.checkIndex(partition, nextOffsets.length);
    long[] copy = nextOffsets.clone();
    copy[partition] = nextOffset;
    return new TopicPosition(topic, fingerprint, copy);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TopicPosition other
        && fingerprint == other.fingerprint
        && topic.equals(other.topic)
        && Arrays.equals(nextOffsets, other.nextOffsets);
  }

  @Override
  public int hashCode() {
    return (topic.hashCode() * 31 + fingerprint) * 31 + Arrays.hashCode(nextOffsets);
  }

  /** For example {@code prices@1a2b3c4d[0:12,1:7]}: topic, fingerprint in hex, partition:offset. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(topic.length() + 12 + nextOffsets.length * 8);
    sb.append(topic).append('@').append(String.format("%08x", fingerprint)).append('[');
    for (int p = 0; p < nextOffsets.length; p++) {
      if (p > 0) {
        sb.append(',');
      }
      sb.append(p).append(':').append(nextOffsets[p]);
    }
    return sb.append(']').toString();
  }
}
