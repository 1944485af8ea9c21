package dev.streamgate.wire;

import dev.streamgate.decode.DecodedRecord;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Frames a stream as {@code text/event-stream}. In {@code raw} format the data is the record value
 * as text; a value that is not valid UTF-8 cannot be text, so that one event carries the JSON
 * envelope (value in base64) instead of a mangled string. In {@code envelope} format every event
 * carries the envelope.
 *
 * <p>A tombstone (a record whose value is null: Kafka's "this key is deleted") is an event named
 * {@value #DELETE}, in both formats and whatever the record's type: its data is the key as text in
 * {@code raw} format (the envelope when the key is not valid UTF-8, empty when it has none), and
 * the envelope with {@code "value":null} in {@code envelope} format. A page can thus tell a deleted
 * key from a record whose value is the empty string.
 *
 * <p>A record decoded through the registry ({@link DecodedRecord}) is its JSON in {@code raw}
 * format and an envelope whose {@code key}/{@code value} are that JSON with their {@code
 * keySchema}/{@code schema} in {@code envelope} format; one that could not be decoded is a {@value
 * #DECODE_ERROR} event ({@link ControlBodies#decodeError}) in both, whatever its type.
 */
public final class SseEncoder implements EventEncoder {

  /** The event name of a tombstone. */
  public static final String DELETE = "delete";

  /** The event name of a record that could not be decoded. */
  public static final String DECODE_ERROR = "decode-error";

  private final boolean envelope;

  SseEncoder(boolean envelope) {
    this.envelope = envelope;
  }

  @Override
  public byte[] retry(long retryMillis) {
    return SseFrames.retry(retryMillis);
  }

  @Override
  public byte[] body(String type, ConsumerRecord<byte[], byte[]> record) {
    if (record instanceof DecodedRecord decoded && decoded.failure() != null) {
      return SseFrames.event(
          null, DECODE_ERROR, ControlJson.write(ControlBodies.decodeError(decoded)));
    }
    boolean tombstone = record.value() == null;
    String text = null;
    if (!envelope && tombstone) {
      text = record.key() == null ? "" : RecordKeys.text(record);
    } else if (!envelope) {
      text = Utf8.decodeOrNull(record.value());
    }
    if (text == null) {
      byte[] json = EnvelopeWriter.write(Map.of(), type, record);
      text = new String(json, StandardCharsets.UTF_8);
    }
    return SseFrames.event(null, tombstone ? DELETE : type, text);
  }

  @Override
  public byte[] withId(String id, byte[] body) {
    byte[] idLine = ("id: " + id + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] frame = new byte[idLine.length + body.length];
    System.arraycopy(idLine, 0, frame, 0, idLine.length);
    System.arraycopy(body, 0, frame, idLine.length, body.length);
    return frame;
  }

  @Override
  public byte[] control(String name, String id, Object body) {
    return SseFrames.event(id, name, ControlJson.write(body));
  }

  @Override
  public byte[] controlWithRetry(String name, String id, Object body, long retryMillis) {
    return SseFrames.eventWithRetry(id, name, retryMillis, ControlJson.write(body));
  }

  @Override
  public byte[] heartbeat(String id) {
    return id == null ? SseFrames.comment("heartbeat") : SseFrames.idOnly(id);
  }
}
