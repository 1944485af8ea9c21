package dev.streamgate.wire;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns what a stream says into bytes on the wire. One implementation per wire format; each method
 * returns a complete, self-delimited frame.
 */
public interface EventEncoder {

  /**
   * The reconnect delay on its own, for a stream about to close (SSE: a {@code retry:} block); may
   * be empty. At open the delay rides on the first event instead: {@link #controlWithRetry}.
   */
  byte[] retry(long retryMillis);

  /**
   * One Kafka record without its id: the part of a frame every client shares.
   *
   * @param type a safe event type, or {@code null} for a plain message
   */
  byte[] body(String type, ConsumerRecord<byte[], byte[]> record);

  /** A complete record frame: the body with the cursor after this record as its id. */
  byte[] withId(String id, byte[] body);

  /** One Kafka record, framed with its id. */
  public default byte[] record(String id, String type, ConsumerRecord<byte[], byte[]> record) {
    return withId(id, body(type, record));
  }

  /** A control event ({@code stream-info}, {@code caught-up}, {@code gap}, {@code reset}). */
  byte[] control(String name, String id, Object body);

  /**
   * A control event that also sets the client's reconnect delay: the stream's first event ({@code
   * stream-info}). In SSE the {@code retry:} field is inside the event, because a {@code retry:}
   * block of its own is an empty unnamed event to JAX-RS clients on every connect.
   */
  byte[] controlWithRetry(String name, String id, Object body, long retryMillis);

  /**
   * Keeps an idle connection alive.
   *
   * @param id the current cursor when it moved since the last frame (filtered streams), else null
   */
  byte[] heartbeat(String id);
}
