package dev.streamgate.tail;

import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * What a reader hands its records to: the per-connection state that turns Kafka records into wire
 * frames. Called only from the reader's own thread, one call at a time.
 */
public interface StreamFeed {

  /** Next offset to read per partition when the reader starts. */
  Map<TopicPartition, Long> startOffsets();

  /** Frames sent before any record (reconnect delay, stream-info, notices). */
  byte[] opening();

  /**
   * Frames for one poll's records (possibly none) and, once the reader's position has reached the
   * head seen at open, the {@code caught-up} notice.
   *
   * @param position the reader's next fetch offset for a partition
   */
  byte[] records(ConsumerRecords<byte[], byte[]> records, ToLongFunction<TopicPartition> position);

  /** Frames telling that retention deleted records before this reader could fetch them. */
  byte[] retentionGap(TopicPartition partition, long requested, long resumedAt);

  /** Frames for a quiet interval: a heartbeat, carrying the id if it moved unseen. */
  byte[] idle();
}
