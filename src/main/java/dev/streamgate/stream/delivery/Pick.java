package dev.streamgate.stream.delivery;

import dev.streamgate.conflate.Change;
import dev.streamgate.tail.BatchEntry;
import dev.streamgate.tail.Selected;
import dev.streamgate.tail.WindowEntry;
import dev.streamgate.wire.EventEncoder;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record a conflated stream sends: a window entry, whose body frames are built once per format
 * and shared (its selection's projected frames when it has them), or a record a catch-up reader
 * read for this stream alone, framed for it ({@code record}, already projected).
 */
record Pick(
    WindowEntry entry, Selected verdict, ConsumerRecord<byte[], byte[]> record, String type) {

  /** A window entry that passed the stream's filters. */
  static Change<Pick> of(WindowEntry entry, Selected verdict, String type, long order) {
    ConsumerRecord<byte[], byte[]> r = entry.record();
    return new Change<>(
        r.key(),
        r.partition(),
        r.offset(),
        order,
        r.value() == null,
        Change.weigh(r.key(), r.value()),
        new Pick(entry, verdict, null, type));
  }

  /** A record of a group's batch, merged into a stream's own batch. */
  static Change<Pick> of(Change<BatchEntry> batched, long order) {
    BatchEntry b = batched.item();
    return new Change<>(
        batched.key(),
        batched.partition(),
        batched.offset(),
        order,
        batched.tombstone(),
        batched.bytes(),
        new Pick(b.entry(), b.verdict(), null, b.type()));
  }

  /** A catch-up record {@code read}, framed as {@code framed} (its projection, or itself). */
  static Change<Pick> of(
      ConsumerRecord<byte[], byte[]> read,
      ConsumerRecord<byte[], byte[]> framed,
      String type,
      long order) {
    return new Change<>(
        read.key(),
        read.partition(),
        read.offset(),
        order,
        read.value() == null,
        Change.weigh(read.key(), read.value()),
        new Pick(null, null, framed, type));
  }

  /** The event without its id. */
  byte[] body(EntryFrames frames, EventEncoder encoder) {
    return entry != null ? frames.body(entry, verdict, type) : encoder.body(type, record);
  }
}
