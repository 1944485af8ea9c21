package dev.streamgate.wire;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns what a stream says into bytes on the wire. One implementation per wire format; each method
 * returns a complete, self-delimited frame.
 */
public interface EventEncoder {

  /** The first bytes of the stream (the SSE reconnect delay); may be empty. */
  byte[] open(long retryMillis);

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
   * Keeps an idle connection alive.
   *
   * @param id the current cursor when it moved since the last frame (filtered streams), else null
   */
  byte[] heartbeat(String id);
}
