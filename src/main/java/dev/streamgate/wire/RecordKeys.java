package dev.streamgate.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.streamgate.decode.DecodedRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record's key as text, for the {@code key} query filter and a raw tombstone's data: the bytes as
 * UTF-8, or, for a key decoded through the registry, the string itself when the schema's key is a
 * string ({@code "ACME"} is {@code ACME}, as the same key written without a schema) and the compact
 * JSON otherwise. The key filter's rules are these two functions: a record whose key could not be
 * decoded ({@link #undecodable}) passes every key filter, as its {@code decode-error}; any other
 * passes when its {@link #text} is one of the filter's keys (so a record without a key, or whose
 * key is not UTF-8, passes none). Streams apply them per record, and topic readers to wake only the
 * streams a record concerns. Stateless; any thread.
 */
public final class RecordKeys {

  private static final JsonFactory JSON = new JsonFactory();

  private RecordKeys() {}

  /** The key as text; null when it has none or its bytes are not UTF-8. */
  public static String text(ConsumerRecord<byte[], byte[]> record) {
    byte[] key = record.key();
    if (key == null) {
      return null;
    }
    if (record instanceof DecodedRecord decoded && decoded.keySchema() != null) {
      String string = jsonString(key);
      return string != null ? string : new String(key, StandardCharsets.UTF_8);
    }
    return Utf8.decodeOrNull(key);
  }

  /**
   * Whether the record's key could not be decoded through the registry: no key filter can judge it,
   * so it passes every one (its {@code decode-error} reaches every stream).
   */
  public static boolean undecodable(ConsumerRecord<byte[], byte[]> record) {
    return record instanceof DecodedRecord decoded
        && decoded.failure() != null
        && decoded.failure().key();
  }

  /** The string a JSON text holds when it is one string, else null. */
  private static String jsonString(byte[] json) {
    if (json.length == 0 || json[0] != '"') {
      return null;
    }
    try (JsonParser parser = JSON.createParser(json)) {
      return parser.nextToken() == JsonToken.VALUE_STRING ? parser.getText() : null;
    } catch (IOException e) {
      return null;
    }
  }
}
