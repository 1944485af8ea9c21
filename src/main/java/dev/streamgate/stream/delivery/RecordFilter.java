package dev.streamgate.stream.delivery;

import dev.streamgate.select.Selection;
import dev.streamgate.wire.Utf8;
import java.util.Set;
import java.util.TreeSet;

/**
 * The filters of a stream: the {@code key} and {@code type} query filters, checked here per stream
 * (an empty set accepts everything; otherwise a record passes when its key, as UTF-8 text, or type
 * is one of the listed values), and the {@link Selection} ({@code filter}, {@code fields}, the
 * caller's claim), evaluated once per record per pod by the topics' readers ({@link Lane#verdict}).
 *
 * @param selection null when the stream selects everything
 */
public record RecordFilter(Set<String> keys, Set<String> types, Selection selection) {

  static final RecordFilter NONE = new RecordFilter(Set.of(), Set.of());

  public RecordFilter {
    keys = Set.copyOf(keys);
    types = Set.copyOf(types);
  }

  public RecordFilter(Set<String> keys, Set<String> types) {
    this(keys, types, null);
  }

  public RecordFilter with(Selection selection) {
    return new RecordFilter(keys, types, selection);
  }

  /**
   * The key and type filters as text, equal for equal filters: part of a conflation group's
   * identity.
   */
  public String text() {
    return "key=" + new TreeSet<>(keys) + " type=" + new TreeSet<>(types);
  }

  /** Whether a record with this key and type passes the key and type filters. */
  public boolean accepts(byte[] key, String type) {
    if (!keys.isEmpty()) {
      String text = key == null ? null : Utf8.decodeOrNull(key);
      if (text == null || !keys.contains(text)) {
        return false;
      }
    }
    return types.isEmpty() || (type != null && types.contains(type));
  }
}
