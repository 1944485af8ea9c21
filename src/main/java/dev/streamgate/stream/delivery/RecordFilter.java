package dev.streamgate.stream.delivery;

import dev.streamgate.decode.DecodedRecord;
import dev.streamgate.select.Selection;
import dev.streamgate.wire.RecordKeys;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The filters of a stream: the {@code key} and {@code type} query filters, checked here per stream
 * (an empty set accepts everything; otherwise a record passes when its key as text ({@link
 * RecordKeys}: UTF-8, or a decoded key's string) or type is one of the listed values; a record
 * whose key could not be decoded passes the key filter, as its {@code decode-error}), and the
 * {@link Selection} ({@code filter}, {@code fields}, the caller's claim), evaluated once per record
 * per pod by the topics' readers ({@link Lane#verdict}).
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

  boolean accepts(ConsumerRecord<byte[], byte[]> record, String type) {
    if (!keys.isEmpty() && !keyUnknown(record)) {
      String text = RecordKeys.text(record);
      if (text == null || !keys.contains(text)) {
        return false;
      }
    }
    return types.isEmpty() || (type != null && types.contains(type));
  }

  private static boolean keyUnknown(ConsumerRecord<byte[], byte[]> record) {
    return record instanceof DecodedRecord decoded
        && decoded.failure() != null
        && decoded.failure().key();
  }
}
