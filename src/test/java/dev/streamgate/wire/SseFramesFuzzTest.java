package dev.streamgate.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgate.cursor.Cursor;
import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.testing.SseParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * Coverage-guided fuzzing of the SSE framer: whatever a producer puts in a record (key, value,
 * header names and values, the type header) and whatever text reaches a frame, the bytes written
 * parse back by the WHATWG rules ({@link SseParser}) to exactly one event carrying exactly the
 * fields written. Regression mode replays {@code SseFramesFuzzTestInputs}; see docs/security.md.
 */
class SseFramesFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CursorCodec CODEC = new CursorCodec(8192);

  /**
   * Any id, type, data and reconnection time (or none) given to the frame builder: refused, or one
   * event with those fields that sets exactly that reconnection time.
   */
  @FuzzTest(maxDuration = "4m")
  void anyFieldsGiveOneEventOrARefusal(FuzzedDataProvider data) {
    String id = data.consumeBoolean() ? null : data.consumeString(64);
    String type = data.consumeBoolean() ? null : data.consumeString(140);
    Long retry = data.consumeBoolean() ? null : data.consumeLong(0, Long.MAX_VALUE);
    String text = data.consumeRemainingAsString();
    boolean safe =
        (id == null || SseFrames.isSafeId(id)) && (type == null || SseFrames.isSafeType(type));
    if (!safe) {
      assertThatThrownBy(() -> frame(id, type, retry, text))
          .isInstanceOf(IllegalArgumentException.class);
      return;
    }
    byte[] frame = frame(id, type, retry, text);
    SseParser parser = new SseParser();
    List<SseParser.SseEvent> events = parser.feed(frame);
    assertThat(events).hasSize(1);
    SseParser.SseEvent event = events.get(0);
    assertThat(event.lastEventId()).isEqualTo(id == null ? "" : id);
    assertThat(event.type()).isEqualTo(type == null ? "message" : type);
    assertThat(event.data()).isEqualTo(expectedData(text));
    assertThat(parser.retry()).isEqualTo(retry);
  }

  private static byte[] frame(String id, String type, Long retry, String text) {
    return retry == null
        ? SseFrames.event(id, type, text)
        : SseFrames.eventWithRetry(id, type, retry, text);
  }

  /**
   * Any Kafka record, framed as the stream does in raw and envelope format: one event, the cursor
   * as its id, the type only when the type header is sendable (a tombstone is {@code delete}), and
   * data that gives back the record's exact key and value bytes (a raw tombstone's data is its
   * key).
   */
  @FuzzTest(maxDuration = "4m")
  void anyRecordIsOneEventWithExactlyItsFields(FuzzedDataProvider data) throws IOException {
    boolean envelope = data.consumeBoolean();
    RecordHeaders headers = new RecordHeaders();
    int headerCount = data.consumeInt(0, 3);
    for (int i = 0; i < headerCount; i++) {
      String name = data.consumeBoolean() ? "ce_type" : data.consumeString(16);
      byte[] value = data.consumeBoolean() ? null : data.consumeBytes(48);
      headers.add(new RecordHeader(name, value));
    }
    byte[] key = data.consumeBoolean() ? null : data.consumeBytes(64);
    byte[] value = data.consumeBoolean() ? null : data.consumeRemainingAsBytes();
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>(
            "fuzz.topic",
            0,
            7L,
            1L,
            TimestampType.CREATE_TIME,
            -1,
            -1,
            key,
            value,
            headers,
            Optional.empty());
    String id =
        CODEC.encode(Cursor.of(List.of(new TopicPosition("fuzz.topic", 42, new long[] {8L}))));
    String type = EventTypes.of(headers, "ce_type");

    byte[] frame = new SseEncoder(envelope).record(id, type, record);
    List<SseParser.SseEvent> events = new SseParser().feed(frame);

    assertThat(events).hasSize(1);
    SseParser.SseEvent event = events.get(0);
    assertThat(event.lastEventId()).isEqualTo(id);
    if (value == null) {
      // a tombstone: a delete event whatever its type, the key as data (raw) or in the envelope
      assertThat(event.type()).isEqualTo("delete");
    } else {
      assertThat(event.type()).isEqualTo(type == null ? "message" : type);
    }
    if (type != null) {
      assertThat(EventTypes.isSendable(type)).isTrue();
    }
    String keyText = key == null ? "" : Utf8.decodeOrNull(key);
    if (!envelope && value == null && keyText != null) {
      assertThat(event.data()).isEqualTo(expectedData(keyText));
      return;
    }
    String text = value == null ? null : Utf8.decodeOrNull(value);
    if (!envelope && text != null) {
      assertThat(event.data()).isEqualTo(expectedData(text));
      return;
    }
    JsonNode json = JSON.readTree(event.data());
    assertThat(bytes(json, "value")).isEqualTo(value);
    assertThat(bytes(json, "key")).isEqualTo(key);
    assertThat(json.get("offset").asLong()).isEqualTo(7L);
  }

  /** The bytes a JSON envelope field stands for: text as UTF-8, or base64 with its marker. */
  private static byte[] bytes(JsonNode envelope, String field) {
    JsonNode node = envelope.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    JsonNode encoding = envelope.get(field + "Encoding");
    if (encoding != null && encoding.asText().equals("base64")) {
      return Base64.getDecoder().decode(node.asText());
    }
    return node.asText().getBytes(StandardCharsets.UTF_8);
  }

  /** What a browser rebuilds: every CR, LF or CRLF a LF; unpaired surrogates U+FFFD. */
  private static String expectedData(String text) {
    String normalised = text.replace("\r\n", "\n").replace('\r', '\n');
    byte[] utf8 = normalised.getBytes(StandardCharsets.UTF_8);
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
