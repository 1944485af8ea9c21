package dev.streamgate.stream.delivery;

import dev.streamgate.conflate.Change;
import dev.streamgate.conflate.ConflatedPosition;
import dev.streamgate.cursor.Cursor;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.tail.BatchEntry;
import dev.streamgate.tail.ConflatedBatch;
import dev.streamgate.wire.ControlBodies;
import dev.streamgate.wire.EventEncoder;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Writes a conflated stream's batches: each record with the id rule's id ({@link
 * ConflatedPosition}), then a {@code batch} event whose id is the batch's end. A lane aligned to a
 * group's batch in a single-topic stream writes the batch's frames as the group built them once,
 * ids included ({@link #frames}); other streams frame the shared bodies with their own ids (a
 * multi-topic id names every topic).
 *
 * <p>Threads: the stream's event loop; a batch's shared frames are built by whichever stream of the
 * group asks first and published by compare-and-set.
 */
final class BatchWriter {

  private static final String BATCH = "batch";

  private final StreamSettings settings;
  private final EntryFrames frames;
  private final Supplier<String> ids;
  private final BooleanSupplier singleTopic;
  private final int slot;

  /**
   * @param ids the stream's current id (every lane's position)
   * @param singleTopic whether the stream's ids name one topic now (shared ids fit it)
   */
  BatchWriter(StreamSettings settings, Supplier<String> ids, BooleanSupplier singleTopic) {
    this.settings = settings;
    this.frames = new EntryFrames(settings);
    this.ids = ids;
    this.singleTopic = singleTopic;
    this.slot = settings.format().ordinal();
  }

  /** Whether a group batch's shared frames, ids included, fit this stream's ids. */
  boolean sharesIds() {
    return singleTopic.getAsBoolean();
  }

  /** Writes what fits of {@code send}; true once it is all written. */
  boolean write(BatchSend send, ConflatedLane lane, FrameBatch out) {
    ConflatedPosition position = lane.sent();
    int size = send.size();
    byte[][] shared = send.shared == null ? null : send.shared.frames(slot, b -> frames(b, lane));
    while (send.next < size) {
      if (out.size() >= settings.maxBatchBytes()) {
        return false;
      }
      int i = send.next++;
      if (shared != null) {
        Change<BatchEntry> c = send.shared.entries().get(i);
        position.take(c.partition(), c.offset());
        lane.framed();
        out.add(shared[i]);
      } else {
        Change<Pick> c = send.own.get(i);
        if (position.take(c.partition(), c.offset())) {
          lane.framed();
          out.add(settings.encoder().withId(ids.get(), c.item().body(frames, settings.encoder())));
        }
      }
    }
    if (send.end != null) {
      boolean quiet = lane.batchEvents() == 0 && (send.endsCatchUp || position.covers(send.end));
      position.end(send.end);
      if (quiet) {
        // nothing for the client: its state and id stand (a catch-up's caught-up carries the id)
        return true;
      }
      out.add(
          shared != null
              ? shared[size]
              : settings.encoder().control(BATCH, ids.get(), lane.endBatch(position.offsets())));
    }
    return true;
  }

  /**
   * A group batch's frames for single-topic streams aligned to its start: each record with the id
   * rule's id from the batch's start, then its {@code batch} event. Built once per format.
   */
  private byte[][] frames(ConflatedBatch batch, ConflatedLane lane) {
    List<Change<BatchEntry>> entries = batch.entries();
    byte[][] built = new byte[entries.size() + 1][];
    ConflatedPosition position = new ConflatedPosition(batch.lo());
    EventEncoder encoder = settings.encoder();
    for (int i = 0; i < entries.size(); i++) {
      Change<BatchEntry> c = entries.get(i);
      position.take(c.partition(), c.offset());
      BatchEntry e = c.item();
      built[i] = encoder.withId(id(lane, position), frames.body(e.entry(), e.verdict(), e.type()));
    }
    position.end(batch.hi());
    built[entries.size()] =
        encoder.control(
            BATCH,
            id(lane, position),
            ControlBodies.batch(lane.topic(), entries.size(), position.offsets()));
    return built;
  }

  private String id(ConflatedLane lane, ConflatedPosition position) {
    return settings
        .codec()
        .encode(
            Cursor.of(
                List.of(new TopicPosition(lane.topic(), lane.fingerprint(), position.offsets()))));
  }
}
