package dev.streamgate.tail;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A selection's verdict on one window entry, computed once and shared by every stream of the
 * selection: whether the record passes, the record to frame (with its projected value), and the
 * frames built from it, at most once per slot like {@link WindowEntry#frame}.
 *
 * <p>Published with its entry (or built by one stream for itself); the frame slots are filled
 * lock-free by the readers.
 */
public final class Selected {

  private final TopicSelections.Group owner;
  private final boolean passes;
  private final ConsumerRecord<byte[], byte[]> record;
  private final AtomicReferenceArray<byte[]> frames;

  /**
   * @param record the projected record, or null when the value is not projected (the stream then
   *     frames the entry's own record and shares the entry's frames)
   */
  Selected(TopicSelections.Group owner, boolean passes, ConsumerRecord<byte[], byte[]> record) {
    this.owner = owner;
    this.passes = passes;
    this.record = record;
    this.frames = record != null ? FrameSlots.empty() : null;
  }

  /** Whether the record passes the selection. */
  public boolean passes() {
    return passes;
  }

  /** The projected record to frame (only when {@link #ownFrames()}). */
  public ConsumerRecord<byte[], byte[]> record() {
    return record;
  }

  /**
   * Whether frames must be built from {@link #frame} rather than taken from the entry (the value
   * was projected).
   */
  public boolean ownFrames() {
    return frames != null;
  }

  /** The frame in {@code slot}, built by {@code encoder} on first use ({@link FrameSlots}). */
  public byte[] frame(int slot, Function<Selected, byte[]> encoder) {
    return FrameSlots.frame(frames, slot, this, encoder);
  }

  /** The frame in {@code slot}, or null when none was built yet. */
  public byte[] cachedFrame(int slot) {
    return frames.get(slot);
  }

  boolean of(TopicSelections.Group group) {
    return owner == group;
  }

  int bytes() {
    // the projected value, and the one frame most pods build from it
    return record != null && record.value() != null ? 64 + 2 * record.value().length : 0;
  }
}
