package dev.streamgate.wire;

import dev.streamgate.decode.DecodedRecord;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Frames a stream as newline-delimited JSON for curl and back ends: one envelope per line with the
 * cursor in {@code id} and the event name in {@code event}; control events and heartbeats are lines
 * too, so a reader can resume from the last {@code id} it saw exactly like an EventSource. A
 * tombstone (null value) is a line with {@code "event":"delete"} and {@code "value":null}, as in
 * the SSE formats; a record that could not be decoded is a {@code decode-error} line shaped like a
 * control event's, with the record's id.
 */
public final class NdjsonEncoder implements EventEncoder {

  private static final byte[] EMPTY = new byte[0];

  @Override
  public byte[] retry(long retryMillis) {
    return EMPTY;
  }

  @Override
  public byte[] body(String type, ConsumerRecord<byte[], byte[]> record) {
    if (record instanceof DecodedRecord decoded && decoded.failure() != null) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("event", SseEncoder.DECODE_ERROR);
      line.put("data", ControlBodies.decodeError(decoded));
      return line(ControlJson.write(line).getBytes(StandardCharsets.UTF_8));
    }
    String event = record.value() == null ? SseEncoder.DELETE : type == null ? "message" : type;
    Map<String, String> leading = Map.of("event", event);
    return line(EnvelopeWriter.write(leading, type, record));
  }

  /** Puts the id first: {@code {"id":"…",} followed by the body after its opening brace. */
  @Override
  public byte[] withId(String id, byte[] body) {
    byte[] head = ("{\"id\":\"" + id + "\",").getBytes(StandardCharsets.US_ASCII);
    byte[] frame = new byte[head.length + body.length - 1];
    System.arraycopy(head, 0, frame, 0, head.length);
    System.arraycopy(body, 1, frame, head.length, body.length - 1);
    return frame;
  }

  @Override
  public byte[] control(String name, String id, Object body) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("id", id);
    line.put("event", name);
    line.put("data", body);
    return line(ControlJson.write(line).getBytes(StandardCharsets.UTF_8));
  }

  /** NDJSON readers reconnect on their own terms: the delay is not sent. */
  @Override
  public byte[] controlWithRetry(String name, String id, Object body, long retryMillis) {
    return control(name, id, body);
  }

  @Override
  public byte[] heartbeat(String id) {
    Map<String, Object> line = new LinkedHashMap<>();
    if (id != null) {
      line.put("id", id);
    }
    line.put("event", "heartbeat");
    return line(ControlJson.write(line).getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] line(byte[] json) {
    byte[] out = new byte[json.length + 1];
    System.arraycopy(json, 0, out, 0, json.length);
    out[json.length] = '\n';
    return out;
  }
}
