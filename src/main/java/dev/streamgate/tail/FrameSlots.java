package dev.streamgate.tail;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Wire frames cached per slot (one slot per format) on a shared record: built on first use, then
 * the same bytes for every client. Two threads may race to build a slot; both build the same bytes
 * and one copy wins, which is cheaper than a lock on the fan-out path. Static, so that an entry of
 * the window pays for its array only, not for a holder object.
 */
final class FrameSlots {

  private FrameSlots() {}

  /** An empty array of every format's slot. */
  static AtomicReferenceArray<byte[]> empty() {
    return new AtomicReferenceArray<>(WindowEntry.FRAME_SLOTS);
  }

  /** The frame in {@code slot}, built from {@code owner} by {@code encoder} on first use. */
  static <T> byte[] frame(
      AtomicReferenceArray<byte[]> frames, int slot, T owner, Function<T, byte[]> encoder) {
    byte[] frame = frames.get(slot);
    if (frame == null) {
      frame = encoder.apply(owner);
      if (!frames.compareAndSet(slot, null, frame)) {
        frame = frames.get(slot);
      }
    }
    return frame;
  }
}
