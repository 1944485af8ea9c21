package dev.streamgate.kafka;

/**
 * A topic's incarnation, size and log start offsets as Kafka describes it now.
 *
 * @param fingerprint {@link dev.streamgate.cursor.TopicFingerprint} of the Kafka topic id
 * @param partitions the number of partitions
 * @param logStart first retained offset per partition
 */
public record TopicShape(int fingerprint, int partitions, long[] logStart) {}
