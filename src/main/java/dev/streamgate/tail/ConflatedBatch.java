package dev.streamgate.tail;

import dev.streamgate.conflate.Change;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * One closed batch of a conflation group: the range {@code (lo, hi]} of the reader's merged order
 * it covers (per partition, the next offsets before and after it), and the latest record of every
 * key that changed in it and every record without a key, in merged order. Its frames, ids included
 * and the batch's end last, are built once per wire format by the first stream aligned to it
 * ({@link #frames}) and then shared, as the same bytes, by every stream of the group at {@code lo}.
 *
 * <p>Immutable apart from the frame cache (filled by compare-and-set, like {@link FrameSlots}):
 * built by the reader's thread and read by event loops. The arrays it returns are its own: read
 * them, never change them.
 */
public final class ConflatedBatch {

  private final long index;
  private final long[] lo;
  private final long[] hi;
  private final List<Change<BatchEntry>> entries;
  private final long bytes;
  private final AtomicReferenceArray<byte[][]> frames =
      new AtomicReferenceArray<>(WindowEntry.FRAME_SLOTS);

  ConflatedBatch(long index, long[] lo, long[] hi, List<Change<BatchEntry>> entries) {
    this.index = index;
    this.lo = lo;
    this.hi = hi;
    this.entries = List.copyOf(entries);
    long weight = 64L + 16L * (lo.length + hi.length);
    for (Change<BatchEntry> change : entries) {
      weight += change.bytes();
    }
    this.bytes = weight;
  }

  /** Its place in the group's batches: 0, 1, 2, ... without holes. */
  public long index() {
    return index;
  }

  /** The next offsets before it: the previous batch's end. */
  public long[] lo() {
    return lo;
  }

  /** The next offsets after it. */
  public long[] hi() {
    return hi;
  }

  /** What it sends, in merged order. */
  public List<Change<BatchEntry>> entries() {
    return entries;
  }

  /** What holding it costs, for the group's batch log. */
  long bytes() {
    return bytes;
  }

  /** Its frames in {@code slot} (a format's), built by {@code builder} by the first stream. */
  public byte[][] frames(int slot, Function<ConflatedBatch, byte[][]> builder) {
    byte[][] built = frames.get(slot);
    if (built == null) {
      built = builder.apply(this);
      if (!frames.compareAndSet(slot, null, built)) {
        built = frames.get(slot);
      }
    }
    return built;
  }
}
