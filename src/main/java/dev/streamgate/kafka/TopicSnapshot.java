package dev.streamgate.kafka;

/**
 * What Kafka says about one topic at a point in time: its incarnation fingerprint and, per
 * partition, the first retained offset and the committed end (the last stable offset).
 *
 * @param topic the topic name
 * @param fingerprint {@link dev.streamgate.cursor.TopicFingerprint} of the Kafka topic id
 * @param earliest log start offset per partition
 * @param latest last stable offset per partition (where a live reader starts)
 */
public record TopicSnapshot(String topic, int fingerprint, long[] earliest, long[] latest) {

  /** Number of partitions. */
  public int partitions() {
    return earliest.length;
  }
}
