package dev.streamgate.stream;

import dev.streamgate.wire.Utf8;
import java.util.Set;

/**
 * The {@code key} and {@code type} query filters of a stream. An empty set accepts everything;
 * otherwise a record passes when its key (as UTF-8 text) or type is one of the listed values.
 */
record RecordFilter(Set<String> keys, Set<String> types) {

  static final RecordFilter NONE = new RecordFilter(Set.of(), Set.of());

  RecordFilter {
    keys = Set.copyOf(keys);
    types = Set.copyOf(types);
  }

  boolean accepts(byte[] key, String type) {
    if (!keys.isEmpty()) {
      String text = key == null ? null : Utf8.decodeOrNull(key);
      if (text == null || !keys.contains(text)) {
        return false;
      }
    }
    return types.isEmpty() || (type != null && types.contains(type));
  }
}
