package dev.streamgate.stream.delivery;

import dev.streamgate.select.Selection;
import dev.streamgate.wire.RecordKeys;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The filters of a stream: the {@code key} and {@code type} query filters, checked here per stream
 * (an empty set accepts everything; otherwise a record passes when its key as text ({@link
 * RecordKeys}: UTF-8, or a decoded key's string) or type is one of the listed values; a record
 * whose key could not be decoded passes the key filter, as its {@code decode-error}), and the
 * {@link Selection} ({@code filter}, {@code fields}, the caller's claim), evaluated once per record
 * per pod by the topics' readers ({@link Lane#verdict}). The key rules are {@link RecordKeys}'
 * functions, which the topic readers share to wake a keyed stream only for its keys ({@link
 * Lane#wakeOn}).
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

  /** Whether a record with this type passes the key and type filters. */
  public boolean accepts(ConsumerRecord<byte[], byte[]> record, String type) {
    if (!keys.isEmpty() && !RecordKeys.undecodable(record)) {
      String text = RecordKeys.text(record);
      if (text == null || !keys.contains(text)) {
        return false;
      }
    }
    return types.isEmpty() || (type != null && types.contains(type));
  }
}
