package dev.streamgate.tail;

import dev.streamgate.decode.DecodedRecord;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * One record in a topic's window, with its place in the pod's merged order and the id the pod gives
 * it. The record is the one every stream serves: decoded once by the topic's reader when it carried
 * a registry schema (a {@link DecodedRecord}: the decoded key and value beside the record's
 * metadata, or the failure of an undecodable one), else the record as read. Wire frames are built
 * from it at most once per format and then shared, as the same bytes, by every client that can use
 * them.
 *
 * <p>Threads: created by the topic reader's poll thread (the window's one writer) with every final
 * field set, and published through the window's ring; read by event loops and open threads without
 * locks. The frame slots are set by compare-and-set ({@link FrameSlots}: two loops may build the
 * same frame, one copy wins); the event type is resolved by whichever reader asks first ({@code
 * type} is written before the volatile {@code typeResolved}, so a reader that sees it resolved sees
 * the type; racing readers resolve the same value).
 */
public final class WindowEntry {

  /** Number of frame slots a window entry can cache (see {@link #frame}). */
  public static final int FRAME_SLOTS = 8;

  private final long seq;
  private final ConsumerRecord<byte[], byte[]> record;
  private final String sharedId;
  private final int bytes;
  private final AtomicReferenceArray<byte[]> frames = FrameSlots.empty();
  private final Selected[] selected;
  private volatile String type;
  private volatile boolean typeResolved;

  WindowEntry(long seq, ConsumerRecord<byte[], byte[]> record, String sharedId) {
    this(seq, record, sharedId, null);
  }

  /**
   * @param selected the verdicts of the topic's selections on this record, by slot, or null
   */
  WindowEntry(
      long seq, ConsumerRecord<byte[], byte[]> record, String sharedId, Selected[] selected) {
    this.seq = seq;
    this.record = record;
    this.sharedId = sharedId;
    this.selected = selected;
    // Heap estimate: the record, the entry and their objects (~250 bytes), key and value, the id
    // string, and the one frame most pods build (value and id again); headers ~64 bytes each.
    this.bytes =
        256
            + length(record.key())
            + 2 * length(record.value())
            + 3 * sharedId.length()
            + 64 * record.headers().toArray().length
            + (record instanceof DecodedRecord decoded ? 64 + decoded.rawBytes() : 0)
            + selectedBytes(selected);
  }

  private static int selectedBytes(Selected[] selected) {
    int bytes = 0;
    if (selected != null) {
      bytes += 16 + 4 * selected.length;
      for (Selected verdict : selected) {
        bytes += verdict == null ? 0 : verdict.bytes();
      }
    }
    return bytes;
  }

  /** Position in the window's merged order. */
  public long seq() {
    return seq;
  }

  /** The record as served: decoded when it carried a schema ({@link DecodedRecord}). */
  public ConsumerRecord<byte[], byte[]> record() {
    return record;
  }

  public int partition() {
    return record.partition();
  }

  public long offset() {
    return record.offset();
  }

  /** The single-topic cursor after this record in the pod's merged order. */
  public String sharedId() {
    return sharedId;
  }

  /** Approximate heap cost, for the window's byte bound. */
  int bytes() {
    return bytes;
  }

  /**
   * The frame cached in {@code slot}, built by {@code encoder} on first use ({@link FrameSlots}).
   */
  public byte[] frame(int slot, Function<WindowEntry, byte[]> encoder) {
    return FrameSlots.frame(frames, slot, this, encoder);
  }

  /**
   * The verdict the topic's reader computed for the selection in {@code slot} ({@link
   * TopicSelections}), or null when it computed none (the selection came later).
   */
  Selected selected(int slot) {
    return selected != null && slot < selected.length ? selected[slot] : null;
  }

  /** The frame cached in {@code slot}, or null when no client built it yet. */
  public byte[] cachedFrame(int slot) {
    return frames.get(slot);
  }

  /**
   * The record's event type as {@code resolver} reads it from the {@code header}, resolved once for
   * all clients (the header is the pod's one setting).
   */
  public String type(String header, BiFunction<Headers, String, String> resolver) {
    if (!typeResolved) {
      type = resolver.apply(record.headers(), header);
      typeResolved = true;
    }
    return type;
  }

  private static int length(byte[] bytes) {
    return bytes == null ? 0 : bytes.length;
  }
}
