package dev.streamgate.tail;

import dev.streamgate.cursor.Cursor;
import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.decode.RecordDecoder;
import dev.streamgate.kafka.TopicSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Topic readers for unit tests of the stream core: a real {@link TopicTail} and {@link Window},
 * never started (no Kafka), whose polls the test hands it through {@link TopicTail#polled}, as its
 * poll thread would.
 */
public final class TestTails {

  public static final int FINGERPRINT = 7;

  private TestTails() {}

  /** A reader of a one-partition topic starting empty at offset 0, holding {@code maxRecords}. */
  public static TopicTail tail(String topic, CursorCodec codec, int maxRecords) {
    return reader(snapshot(topic), codec, maxRecords, TestTails::noConsumer);
  }

  /** A reader whose consumers come from {@code consumers}, waking its streams at once. */
  static TopicTail reader(
      TopicSnapshot start,
      CursorCodec codec,
      int maxRecords,
      Supplier<Consumer<byte[], byte[]>> consumers) {
    return reader(start, codec, maxRecords, consumers, RecordDecoder.OFF);
  }

  /** A reader that decodes its records with {@code decoder}. */
  static TopicTail reader(
      TopicSnapshot start,
      CursorCodec codec,
      int maxRecords,
      Supplier<Consumer<byte[], byte[]>> consumers,
      RecordDecoder decoder) {
    return new TopicTail(
        start,
        consumers,
        codec,
        maxRecords,
        64L << 20,
        partitions -> {},
        new TopicSelections(64, "ce_type"),
        SignalPacer.immediate(),
        null,
        decoder);
  }

  static Consumer<byte[], byte[]> noConsumer() {
    throw new IllegalStateException("a test reader is never started");
  }

  public static TopicSnapshot snapshot(String topic) {
    return new TopicSnapshot(topic, FINGERPRINT, new long[1], new long[1]);
  }

  /**
   * Hands the reader a poll of the partition's next record (its position then past it), as its poll
   * thread does: the record enters the window with its shared id and the tail's clients are woken.
   *
   * @param codec the codec the reader was made with; the entry's id is checked against it
   */
  public static WindowEntry append(TopicTail tail, CursorCodec codec, String key, String value) {
    long offset = tail.positions()[0];
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>(
            tail.topic(),
            0,
            offset,
            key.getBytes(StandardCharsets.UTF_8),
            value.getBytes(StandardCharsets.UTF_8));
    tail.polled(List.of(record), new long[] {offset + 1}, new double[] {0});
    Window window = tail.window();
    WindowEntry entry = window.get(window.endSeq() - 1);
    String expected = sharedId(tail.topic(), codec, offset + 1);
    if (!entry.sharedId().equals(expected)) {
      throw new IllegalStateException("shared id " + entry.sharedId() + ", expected " + expected);
    }
    return entry;
  }

  /** The id of a one-partition topic's position {@code next}. */
  public static String sharedId(String topic, CursorCodec codec, long next) {
    return codec.encode(
        Cursor.of(List.of(new TopicPosition(topic, FINGERPRINT, new long[] {next}))));
  }

  /** Retires the reader, as when the topic is deleted under it; wakes its clients. */
  public static void retire(TopicTail tail) {
    tail.retire("test");
  }
}
