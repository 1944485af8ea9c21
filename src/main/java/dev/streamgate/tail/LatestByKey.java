package dev.streamgate.tail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The fold of a topic's log into the latest record of every key, as compaction would leave it: a
 * record replaces its key's previous one, a tombstone (null value) removes the key, a record
 * without a key is not part of it. Counts its keys and bytes (keys, values and {@link
 * KeyedRecord#OVERHEAD_BYTES} each), which the {@link KeyTable} bounds.
 *
 * <p>Not thread-safe: its {@link KeyTable} guards it.
 */
final class LatestByKey {

  private final Map<ByteBuffer, KeyedRecord> latest = new HashMap<>();
  private long bytes;

  /** Folds one record in. */
  void apply(ConsumerRecord<byte[], byte[]> record) {
    if (record.key() == null) {
      return;
    }
    ByteBuffer key = ByteBuffer.wrap(record.key());
    KeyedRecord previous;
    if (record.value() == null) {
      previous = latest.remove(key);
    } else {
      KeyedRecord now = new KeyedRecord(record);
      bytes += now.bytes();
      previous = latest.put(key, now);
    }
    if (previous != null) {
      bytes -= previous.bytes();
    }
  }

  int keys() {
    return latest.size();
  }

  long bytes() {
    return bytes;
  }

  /** The latest record of every key, in no particular order (a copy of the references). */
  List<KeyedRecord> records() {
    return new ArrayList<>(latest.values());
  }
}
