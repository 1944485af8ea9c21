package dev.streamgate.tail;

import dev.streamgate.cursor.Cursor;
import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.kafka.TopicSnapshot;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Topic readers for unit tests of the stream core: a real {@link TopicTail} and {@link Window},
 * never started (no Kafka), whose records the test appends itself and whose listeners it wakes.
 */
public final class TestTails {

  public static final int FINGERPRINT = 7;

  private TestTails() {}

  /** A reader of a one-partition topic starting empty at offset 0, holding {@code maxRecords}. */
  public static TopicTail tail(String topic, CursorCodec codec, int maxRecords) {
    return new TopicTail(snapshot(topic), Map.of(), codec, maxRecords, 64L << 20, partitions -> {});
  }

  public static TopicSnapshot snapshot(String topic) {
    return new TopicSnapshot(topic, FINGERPRINT, new long[1], new long[1]);
  }

  /**
   * Appends the partition's next record, moves the reader's position past it and wakes the tail's
   * clients, as the poll loop does.
   */
  public static WindowEntry append(TopicTail tail, CursorCodec codec, String key, String value) {
    Window window = tail.window();
    long offset = window.endSeq();
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>(
            tail.topic(),
            0,
            offset,
            key.getBytes(StandardCharsets.UTF_8),
            value.getBytes(StandardCharsets.UTF_8));
    String id = sharedId(tail.topic(), codec, offset + 1);
    WindowEntry entry = window.append(record, id);
    setPositions(tail, new long[] {offset + 1});
    wake(tail);
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

  private static void setPositions(TopicTail tail, long[] positions) {
    try {
      Field field = TopicTail.class.getDeclaredField("positions");
      field.setAccessible(true);
      field.set(tail, positions);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void wake(TopicTail tail) {
    try {
      Field field = TopicTail.class.getDeclaredField("listeners");
      field.setAccessible(true);
      ((PhasedListeners) field.get(tail)).runAll();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
