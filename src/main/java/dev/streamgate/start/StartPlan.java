package dev.streamgate.start;

import dev.streamgate.cursor.Cursor;
import java.util.List;
import java.util.Map;

/**
 * Where a stream starts and what the client must be told about it before the first record.
 *
 * @param start next offset to deliver, per partition of every topic
 * @param origins per topic, how its start was chosen: {@code resume}, {@code earliest}, {@code
 *     latest} or {@code since}
 * @param resets ids that could not be honoured, grouped by reason
 * @param gaps partitions whose requested position was already deleted by retention
 */
public record StartPlan(
    Cursor start, Map<String, String> origins, List<Reset> resets, List<Gap> gaps) {

  /**
   * An id that could not be honoured for some topics; they start per the request's fallback.
   *
   * @param reason machine-readable cause, e.g. {@code unreadable-id}, {@code topic-recreated}
   * @param detail human-readable explanation
   * @param topics the topics concerned
   */
  public record Reset(String reason, String detail, List<String> topics) {}

  /**
   * Records between the requested offset and the first retained offset that retention deleted.
   *
   * @param topic topic name
   * @param partition partition number
   * @param requested the offset the client asked for
   * @param resumedAt the first retained offset, where the stream continues
   */
  public record Gap(String topic, int partition, long requested, long resumedAt) {

    /** Number of records the client will never receive. */
    public long lost() {
      return resumedAt - requested;
    }
  }
}
