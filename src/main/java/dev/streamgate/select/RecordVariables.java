package dev.streamgate.select;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelVariableResolver;
import dev.streamgate.decode.DecodedRecord;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The variables a filter sees for one record: {@code key} (UTF-8 text, or null; a key decoded
 * through the registry is its JSON, so a string key is that string), {@code value} (the parsed JSON
 * when the value is JSON, which a decoded value always is, else its UTF-8 text, null for a
 * tombstone), {@code headers} (name to UTF-8 text; the last of repeated names), {@code type} (the
 * event type, or null), {@code partition}, {@code offset} and {@code timestamp} (epoch millis).
 * Text that is not UTF-8 is decoded with replacement characters.
 *
 * <p>Each variable is built when a filter first asks for it, and the value is parsed at most once
 * however many selections look at the record. Not thread-safe: one per record per evaluating
 * thread.
 */
public final class RecordVariables implements CelVariableResolver {

  private final ConsumerRecord<byte[], byte[]> record;
  private final String type;
  private boolean parsed;
  private JsonNode json;
  private Object value;
  private Object key;
  private Object headers;

  public RecordVariables(ConsumerRecord<byte[], byte[]> record, String type) {
    this.record = record;
    this.type = type;
  }

  public ConsumerRecord<byte[], byte[]> record() {
    return record;
  }

  /** The value as a JSON tree, or null when it is not JSON. */
  JsonNode json() {
    if (!parsed) {
      json = JsonValues.parse(record.value());
      parsed = true;
    }
    return json;
  }

  @Override
  public Optional<Object> find(String name) {
    return switch (name) {
      case "key" -> Optional.of(key());
      case "value" -> Optional.of(value());
      case "headers" -> Optional.of(headers());
      case "type" -> Optional.of(type == null ? NullValue.NULL_VALUE : type);
      case "partition" -> Optional.of((long) record.partition());
      case "offset" -> Optional.of(record.offset());
      case "timestamp" -> Optional.of(record.timestamp());
      default -> Optional.empty();
    };
  }

  private Object key() {
    if (key == null) {
      JsonNode decoded =
          record instanceof DecodedRecord d && d.keySchema() != null
              ? JsonValues.parse(record.key())
              : null;
      key = decoded != null ? JsonValues.cel(decoded) : text(record.key());
    }
    return key;
  }

  private Object value() {
    if (value == null) {
      JsonNode tree = json();
      value = tree != null ? JsonValues.cel(tree) : text(record.value());
    }
    return value;
  }

  private Object headers() {
    if (headers == null) {
      Map<String, Object> map = new HashMap<>();
      for (Header header : record.headers()) {
        map.put(header.key(), header.value() == null ? "" : utf8(header.value()));
      }
      headers = map;
    }
    return headers;
  }

  private static Object text(byte[] bytes) {
    return bytes == null ? NullValue.NULL_VALUE : utf8(bytes);
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
