package dev.streamgate.stream.delivery;

import dev.streamgate.tail.Selected;
import dev.streamgate.tail.WindowEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The frames of one window entry for one stream, built at most once per wire format and shared: the
 * entry's own frames, or, when the stream's selection projects the value, the frames its group
 * shares ({@link Selected}). Either way the first stream to need a frame builds it and the others
 * reuse the same bytes. A frame with the entry's shared id fits a single aligned lane as it is;
 * other streams add their own id to the body.
 *
 * <p>Threads: the stream's event loop; the entries' and verdicts' frame slots are lock-free.
 */
final class EntryFrames {

  private final StreamSettings settings;
  private final int slot;

  EntryFrames(StreamSettings settings) {
    this.settings = settings;
    this.slot = 2 * settings.format().ordinal();
  }

  /** The complete frame with the entry's shared id. */
  byte[] withSharedId(WindowEntry entry, Selected verdict, String type) {
    if (verdict != null && verdict.ownFrames()) {
      byte[] frame = verdict.cachedFrame(slot + 1);
      return frame != null
          ? frame
          : verdict.frame(
              slot + 1, v -> settings.encoder().withId(entry.sharedId(), body(v.record(), type)));
    }
    // The fan-out path: the frame is cached after its first client, so no lambda is built here.
    byte[] frame = entry.cachedFrame(slot + 1);
    return frame != null
        ? frame
        : entry.frame(
            slot + 1, e -> settings.encoder().withId(e.sharedId(), body(e.record(), type)));
  }

  /** The frame without an id, for a stream that adds its own. */
  byte[] body(WindowEntry entry, Selected verdict, String type) {
    return verdict != null && verdict.ownFrames()
        ? verdict.frame(slot, v -> body(v.record(), type))
        : entry.frame(slot, e -> body(e.record(), type));
  }

  private byte[] body(ConsumerRecord<byte[], byte[]> record, String type) {
    return settings.encoder().body(type, record);
  }
}
