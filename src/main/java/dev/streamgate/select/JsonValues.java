package dev.streamgate.select;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cel.common.values.NullValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Record values as JSON trees (Jackson) and as the dynamic values CEL evaluates: objects become
 * {@code Map<String, Object>}, arrays {@code List<Object>}, integers that fit {@code long} CEL
 * {@code int}s (larger ones and decimals {@code double}s), strings, booleans and {@code null} as
 * CEL's {@link NullValue} (a Java null in a map would read as an unknown). Pure and thread-safe.
 */
public final class JsonValues {

  static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private JsonValues() {}

  /** The value as a JSON tree, or null when it is not JSON (or is absent). */
  public static JsonNode parse(byte[] value) {
    if (value == null || !mayBeJson(value)) {
      return null;
    }
    try {
      return JSON.readTree(value);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Whether the first byte that is not white space can start JSON: most text is told apart without
   * a parse attempt (and its exception).
   */
  private static boolean mayBeJson(byte[] value) {
    for (byte b : value) {
      switch (b) {
        case ' ', '\t', '\n', '\r':
          continue;
        case '{', '[', '"', '-', 't', 'f', 'n':
          return true;
        default:
          return b >= '0' && b <= '9';
      }
    }
    return false;
  }

  /** The tree as a CEL value. */
  static Object cel(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT:
        Map<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          map.put(field.getKey(), cel(field.getValue()));
        }
        return map;
      case ARRAY:
        List<Object> list = new ArrayList<>(node.size());
        node.forEach(item -> list.add(cel(item)));
        return list;
      case NUMBER:
        return node.canConvertToLong() && node.isIntegralNumber()
            ? (Object) node.longValue()
            : (Object) node.doubleValue();
      case STRING:
        return node.textValue();
      case BOOLEAN:
        return node.booleanValue();
      default:
        return NullValue.NULL_VALUE;
    }
  }

  /** The tree as compact JSON bytes. */
  static byte[] write(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new IllegalStateException("A JSON tree that cannot be written", e);
    }
  }
}
