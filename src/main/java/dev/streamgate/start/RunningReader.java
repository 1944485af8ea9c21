package dev.streamgate.start;

import dev.streamgate.kafka.TopicSnapshot;

/**
 * What start planning needs to know of a topic's running reader in this pod (the tail package's
 * {@code TopicTail}), so that a resume can be planned from memory without asking Kafka.
 */
public interface RunningReader {

  /** The incarnation fingerprint of the topic the reader reads. */
  int fingerprint();

  /**
   * Whether a client at {@code nextOffsets} can be served from the reader's window: not behind its
   * oldest record and not past its position, in every partition.
   */
  boolean serves(long[] nextOffsets);

  /** The topic as the reader knows it now: its log start as read and its position as the head. */
  TopicSnapshot snapshot();
}
