package dev.streamgate.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.streamgate.decode.DecodedRecord;
import dev.streamgate.decode.SchemaRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Writes a record as a JSON envelope: topic, partition, offset, timestamp, key, type, headers and
 * value. Text that is valid UTF-8 is written as a JSON string; anything else is base64 with an
 * {@code *Encoding: "base64"} marker, so no byte of a record is ever lost or mangled. A key or
 * value decoded through the registry ({@link DecodedRecord}) is its JSON itself (an object, not a
 * string), followed by {@code keySchema} or {@code schema}: the id, type, and subject and version
 * where the registry says them.
 */
public final class EnvelopeWriter {

  private static final JsonFactory JSON = new JsonFactory();

  private EnvelopeWriter() {}

  /**
   * The envelope as UTF-8 JSON bytes.
   *
   * @param leading fields written first (NDJSON puts id and event there), may be empty
   */
  public static byte[] write(
      Map<String, String> leading, String type, ConsumerRecord<byte[], byte[]> r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + length(r.value()));
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      for (Map.Entry<String, String> field : leading.entrySet()) {
        json.writeStringField(field.getKey(), field.getValue());
      }
      json.writeStringField("topic", r.topic());
      json.writeNumberField("partition", r.partition());
      json.writeNumberField("offset", r.offset());
      json.writeNumberField("timestamp", r.timestamp());
      if (type != null) {
        json.writeStringField("type", type);
      }
      DecodedRecord decoded = r instanceof DecodedRecord d ? d : null;
      writePart(json, "key", r.key(), "keySchema", decoded == null ? null : decoded.keySchema());
      writeHeaders(json, r);
      writePart(json, "value", r.value(), "schema", decoded == null ? null : decoded.valueSchema());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A key or value: its decoded JSON and schema when {@code schema} is set, else its bytes. */
  private static void writePart(
      JsonGenerator json, String field, byte[] bytes, String schemaField, SchemaRef schema)
      throws IOException {
    if (schema == null || bytes == null) {
      writeBytes(json, field, bytes);
      return;
    }
    json.writeFieldName(field);
    json.writeRawValue(new String(bytes, StandardCharsets.UTF_8));
    json.writeObjectFieldStart(schemaField);
    schema.writeFields(json);
    json.writeEndObject();
  }

  private static void writeBytes(JsonGenerator json, String field, byte[] bytes)
      throws IOException {
    if (bytes == null) {
      json.writeNullField(field);
      return;
    }
    String text = Utf8.decodeOrNull(bytes);
    if (text != null) {
      json.writeStringField(field, text);
    } else {
      json.writeStringField(field, Base64.getEncoder().encodeToString(bytes));
      json.writeStringField(field + "Encoding", "base64");
    }
  }

  private static void writeHeaders(JsonGenerator json, ConsumerRecord<byte[], byte[]> r)
      throws IOException {
    Map<String, List<byte[]>> byName = new LinkedHashMap<>();
    for (Header header : r.headers()) {
      byName.computeIfAbsent(header.key(), k -> new ArrayList<>()).add(header.value());
    }
    json.writeObjectFieldStart("headers");
    for (Map.Entry<String, List<byte[]>> entry : byName.entrySet()) {
      json.writeFieldName(entry.getKey());
      if (entry.getValue().size() == 1) {
        writeHeaderValue(json, entry.getValue().get(0));
      } else {
        json.writeStartArray();
        for (byte[] value : entry.getValue()) {
          writeHeaderValue(json, value);
        }
        json.writeEndArray();
      }
    }
    json.writeEndObject();
  }

  private static void writeHeaderValue(JsonGenerator json, byte[] value) throws IOException {
    String text = value == null ? null : Utf8.decodeOrNull(value);
    if (value == null) {
      json.writeNull();
    } else if (text != null) {
      json.writeString(text);
    } else {
      json.writeStartObject();
      json.writeStringField("base64", Base64.getEncoder().encodeToString(value));
      json.writeEndObject();
    }
  }

  private static int length(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }
}
