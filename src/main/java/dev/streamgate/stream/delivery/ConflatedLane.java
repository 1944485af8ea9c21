package dev.streamgate.stream.delivery;

import dev.streamgate.conflate.Change;
import dev.streamgate.conflate.ConflatedPosition;
import dev.streamgate.conflate.Fold;
import dev.streamgate.select.RecordVariables;
import dev.streamgate.select.Selection;
import dev.streamgate.tail.BatchEntry;
import dev.streamgate.tail.ConflatedBatch;
import dev.streamgate.tail.ConflationGroup;
import dev.streamgate.tail.Selected;
import dev.streamgate.tail.WindowEntry;
import dev.streamgate.tail.WindowReader;
import dev.streamgate.wire.ControlBodies;
import dev.streamgate.wire.EventTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One topic of a conflated stream: the client's position ({@link ConflatedPosition}, what its ids
 * say), the batch it is writing, and where its next batch comes from.
 *
 * <ul>
 *   <li><b>Catching up</b> (at open): the lane folds everything from its start — from a catch-up
 *       reader while it is behind the window, then from the window — until it has read the head it
 *       saw at open, then sends the fold as one batch: the state, not the history.
 *   <li><b>Live</b>: it takes its group's batches, the next after the last one it took. Aligned to
 *       a batch's start it writes the batch's shared frames; past it (another pod's id) it takes
 *       the batch with the skip rule and its own ids; several batches waiting (a slow client) are
 *       merged into one, each key once.
 *   <li><b>Rebuilding</b>: the group no longer keeps the lane's next batch, or it starts past the
 *       lane's position: the lane folds from its position through the window (or a catch-up reader
 *       when the window no longer holds it) to the window's end, sends that, and goes live again.
 * </ul>
 *
 * A fold that outgrows the group's bounds is sent in parts, without a {@code batch} event between
 * them. Threads: the stream's event loop.
 */
final class ConflatedLane {

  private enum Phase {
    CATCHING_UP,
    REBUILDING,
    LIVE
  }

  private final Lane lane;
  private final ConflationGroup group;
  private final StreamSettings settings;
  private final ConflatedPosition sent;
  private final Fold<Pick> pending = new Fold<>();
  private Phase phase = Phase.CATCHING_UP;
  private BatchSend sending;
  private boolean caughtUp;
  private long taken = -1;
  private long order;
  private int batchEvents;

  ConflatedLane(Lane lane, StreamSettings settings) {
    this.lane = lane;
    this.group = lane.conflation();
    this.settings = settings;
    this.sent = new ConflatedPosition(lane.position().nextOffsets());
  }

  Lane lane() {
    return lane;
  }

  String topic() {
    return lane.topic();
  }

  int fingerprint() {
    return lane.tail().fingerprint();
  }

  /** The client's position in this topic. */
  ConflatedPosition sent() {
    return sent;
  }

  /** Whether its first batch, the state up to the head it saw at open, was written. */
  boolean caughtUp() {
    return caughtUp;
  }

  /** Whether it is writing a batch's part (its catch-up records wait meanwhile). */
  boolean sending() {
    return sending != null;
  }

  /**
   * Whether it needs Kafka to go on: its next batch was dropped and the window no longer holds its
   * position, or its window reader fell behind.
   */
  boolean fellBehind() {
    if (phase != Phase.LIVE) {
      return lane.live() && lane.reader().fellBehind();
    }
    ConflatedBatch[] log = group.log();
    return log.length > 0
        && log[0].index() > taken + 1
        && !lane.tail().window().covers(sent.offsets());
  }

  /** Counts one record event written. */
  void framed() {
    lane.framed();
    batchEvents++;
  }

  /** Record events written since its last batch ended. */
  int batchEvents() {
    return batchEvents;
  }

  /** The {@code batch} event's body at a batch's end; the next batch counts from zero. */
  Map<String, Object> endBatch(long[] next) {
    Map<String, Object> body = ControlBodies.batch(lane.topic(), batchEvents, next);
    batchEvents = 0;
    return body;
  }

  /**
   * Writes or prepares what is ready.
   *
   * @return whether it made progress (frames written, or a batch prepared)
   */
  boolean step(FrameBatch out, BatchWriter writer) {
    if (sending != null) {
      if (!writer.write(sending, this, out)) {
        return false;
      }
      caughtUp |= sending.endsCatchUp;
      sending = null;
      return true;
    }
    if (phase == Phase.LIVE) {
      return live(writer);
    }
    return lane.live() && fromWindow();
  }

  /** Folds a catch-up record (skipped when the lane has read it already). */
  void fold(ConsumerRecord<byte[], byte[]> record) {
    if (record.offset() < lane.next(record.partition())) {
      return;
    }
    lane.delivered(record.partition(), record.offset());
    String type = EventTypes.of(record.headers(), settings.typeHeader());
    if (!settings.filter().accepts(record, type)) {
      return;
    }
    ConsumerRecord<byte[], byte[]> framed = record;
    Selection selection = settings.filter().selection();
    if (selection != null) {
      framed = selection.select(new RecordVariables(record, type), false).orElse(null);
      if (framed == null) {
        return;
      }
    }
    pending.add(Pick.of(record, framed, type, order++));
    sendPartPastBound();
  }

  private boolean fromWindow() {
    long latest = latestIndex();
    WindowReader reader = lane.reader();
    for (WindowEntry entry = reader.poll(); entry != null; entry = reader.poll()) {
      fold(entry);
      if (sendPartPastBound()) {
        return true;
      }
    }
    if (reader.fellBehind()) {
      lane.leaveWindow();
      return false;
    }
    if (phase == Phase.CATCHING_UP && !lane.reachedHead()) {
      return false;
    }
    taken = latest;
    sending = BatchSend.own(pending.drain(), reader.nextOffsets(), phase == Phase.CATCHING_UP);
    phase = Phase.LIVE;
    return true;
  }

  private void fold(WindowEntry entry) {
    String type = entry.type(settings.typeHeader(), EventTypes::of);
    if (!settings.filter().accepts(entry.record(), type)) {
      return;
    }
    Selected verdict = lane.verdict(entry, type);
    if (verdict == null || verdict.passes()) {
      pending.add(Pick.of(entry, verdict, type, order++));
    }
  }

  private boolean sendPartPastBound() {
    if (pending.over(group.maxPendingRecords(), group.maxPendingBytes())) {
      sending = BatchSend.part(pending.drain());
      return true;
    }
    return false;
  }

  private boolean live(BatchWriter writer) {
    ConflatedBatch[] log = group.log();
    if (log.length == 0) {
      return false;
    }
    int at = (int) (taken + 1 - log[0].index());
    if (at >= log.length) {
      return false;
    }
    if (at < 0 || !sent.covers(log[at].lo())) {
      rebuild();
      return true;
    }
    if (at == log.length - 1) {
      ConflatedBatch batch = log[at];
      taken = batch.index();
      sending =
          sent.at(batch.lo()) && writer.sharesIds()
              ? BatchSend.shared(batch)
              : BatchSend.own(picks(batch), batch.hi(), false);
      return true;
    }
    long[] end = null;
    int merged = 0;
    while (at < log.length && !pending.over(group.maxPendingRecords(), group.maxPendingBytes())) {
      ConflatedBatch batch = log[at++];
      for (Change<BatchEntry> c : batch.entries()) {
        pending.add(Pick.of(c, order++));
      }
      end = batch.hi();
      taken = batch.index();
      merged++;
    }
    lane.meters().merged(merged);
    sending = BatchSend.own(pending.drain(), end, false);
    return true;
  }

  private List<Change<Pick>> picks(ConflatedBatch batch) {
    List<Change<Pick>> picks = new ArrayList<>(batch.entries().size());
    for (Change<BatchEntry> c : batch.entries()) {
      picks.add(Pick.of(c, order++));
    }
    return picks;
  }

  /** Folds again from the client's position: the group no longer has what the lane needs. */
  private void rebuild() {
    boolean inWindow = lane.restartAt(sent.offsets());
    lane.meters().rebuilt(!inWindow);
    phase = Phase.REBUILDING;
  }

  private long latestIndex() {
    ConflatedBatch[] log = group.log();
    return log.length == 0 ? -1 : log[log.length - 1].index();
  }
}
