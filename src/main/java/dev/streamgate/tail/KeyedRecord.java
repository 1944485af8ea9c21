package dev.streamgate.tail;

import dev.streamgate.decode.DecodedRecord;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The latest record of one key in a topic's {@link KeyTable}, with its wire frames (without an id)
 * built once per format and shared by every snapshot client, like a {@link WindowEntry}'s. The
 * record is the one every stream serves: decoded once by the topic's reader or the table's build
 * when it carried a registry schema ({@link DecodedRecord}), and keyed by its decoded key.
 * Immutable apart from the lock-free frame cache, so views hand it to any thread.
 */
public final class KeyedRecord {

  /** Heap bytes counted per key besides its key and value (the record, its map entry, frames). */
  static final int OVERHEAD_BYTES = 160;

  private final ConsumerRecord<byte[], byte[]> record;
  private final AtomicReferenceArray<byte[]> frames = FrameSlots.empty();

  KeyedRecord(ConsumerRecord<byte[], byte[]> record) {
    this.record = record;
  }

  public ConsumerRecord<byte[], byte[]> record() {
    return record;
  }

  /** The body in {@code slot} (a format's), built by {@code encoder} by its first client. */
  public byte[] frame(int slot, Function<KeyedRecord, byte[]> encoder) {
    return FrameSlots.frame(frames, slot, this, encoder);
  }

  /** What this key costs the table: its key, its value and {@link #OVERHEAD_BYTES}. */
  long bytes() {
    long raw = record instanceof DecodedRecord decoded ? decoded.rawBytes() : 0;
    return record.key().length + (long) record.value().length + raw + OVERHEAD_BYTES;
  }
}
