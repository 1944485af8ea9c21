package dev.streamgate.stream.delivery;

import dev.streamgate.cursor.Cursor;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.select.RecordVariables;
import dev.streamgate.select.Selection;
import dev.streamgate.start.StartPlan;
import dev.streamgate.tail.CatchUpReader;
import dev.streamgate.tail.Selected;
import dev.streamgate.tail.WindowEntry;
import dev.streamgate.wire.ControlBodies;
import dev.streamgate.wire.EventTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * The record delivery of one client stream: reads its lanes' windows (or its catch-up part), frames
 * what passes the filters and keeps the client's id. A single aligned lane sends the window's
 * shared frames, ids included, unchanged: the live fan-out costs a buffer write per client, not an
 * encode. A stream with a selection ({@code filter}, {@code fields}) takes the verdict its group
 * shares on each window entry, and, when it projects, the group's shared frames of the projected
 * value. Records it skips still move its id, which its heartbeats then carry (id-only blocks).
 * Overflow policy: a lane whose next record was evicted from the window goes back to a catch-up
 * reader in place, exactly from its position (no gap, no duplicate).
 *
 * <p>Wake-ups: a stream with a {@code key} filter is woken by its topics' readers only for records
 * with its keys once it is settled (caught up, no catch-up part, each lane read to its window's
 * end: {@code settle}), so it reads on past other keys' records when it is woken for any reason,
 * and a revocation first passes the records it skips ({@code passFiltered}).
 *
 * <p>Threads: all state is the stream's event loop's; the lanes' topic readers and the catch-up
 * reader only signal.
 */
public final class RecordDelivery implements FrameSource {

  private static final Logger LOG = Logger.getLogger(RecordDelivery.class);
  private static final byte[] NONE = new byte[0];

  private final List<Lane> lanes;
  private final StreamSettings settings;
  private final StreamLease lease;
  private final EntryFrames frames;
  private final LaneChanges changes;
  private Runnable signal;
  private StreamCatchUp catchUp;
  private String lastSentId;
  private boolean caughtUp;

  RecordDelivery(String startId, List<Lane> lanes, StreamSettings settings, StreamLease lease) {
    this(startId, lanes, settings, lease, null);
  }

  /**
   * A delivery whose lanes may change while it runs ({@code changes}: a pattern stream's joins and
   * leaves; null when its lanes are fixed).
   */
  public RecordDelivery(
      String startId,
      List<Lane> lanes,
      StreamSettings settings,
      StreamLease lease,
      LaneChanges changes) {
    this.changes = changes;
    this.lastSentId = startId;
    this.lanes = lanes;
    this.settings = settings;
    this.lease = lease;
    this.frames = new EntryFrames(settings);
  }

  @Override
  public void open(Runnable signal) {
    this.signal = signal;
    lanes.forEach(lane -> lane.listen(signal));
    if (changes != null) {
      changes.open(signal);
    }
  }

  @Override
  public boolean fill(FrameBatch out) {
    if (changes != null && changes.apply(lanes, signal, (name, body) -> control(out, name, body))) {
      // the lanes changed: a catch-up reader of the old set starts again from the lanes' exact
      // positions (what it read and did not send is read again, nothing skipped)
      closeCatchUp();
    }
    ensureCatchUp();
    if (catchUp != null) {
      catchUp.take();
      while (out.size() < settings.maxBatchBytes() && catchUp.hasPending()) {
        deliver(catchUp.poll(), out);
      }
    }
    fillFromWindows(out);
    if (catchUp != null && catchUp.joinWindows(lanes)) {
      catchUp = null;
    }
    // The topic changed under this stream: what was read is exact, the rest is replanned on
    // reconnect against the topic as it is now.
    for (Lane lane : lanes) {
      if (lane.tail().retired() && (changes == null || !changes.owns(lane))) {
        return true;
      }
    }
    return false;
  }

  private void fillFromWindows(FrameBatch out) {
    boolean progress = true;
    while (progress && out.size() < settings.maxBatchBytes()) {
      progress = false;
      for (Lane lane : lanes) {
        if (!lane.live()) {
          continue;
        }
        WindowEntry entry = lane.reader().poll();
        if (entry != null) {
          deliver(lane, entry, out);
          progress = true;
        } else if (lane.reader().fellBehind()) {
          LOG.debugf(
              "A client fell out of the window of %s; catching it up in place", lane.topic());
          lane.leaveWindow();
          lease.fellOutOfWindow();
        }
      }
    }
  }

  private void deliver(Lane lane, WindowEntry entry, FrameBatch out) {
    String type = entry.type(settings.typeHeader(), EventTypes::of);
    if (!settings.filter().accepts(entry.record(), type)) {
      return;
    }
    Selected verdict = lane.verdict(entry, type);
    if (verdict != null && !verdict.passes()) {
      return;
    }
    lane.framed();
    if (lanes.size() == 1 && lane.reader().aligned()) {
      out.add(frames.withSharedId(entry, verdict, type));
      lastSentId = entry.sharedId();
    } else {
      String id = currentId();
      out.add(settings.encoder().withId(id, frames.body(entry, verdict, type)));
      lastSentId = id;
    }
  }

  private void deliver(CatchUpReader.Item item, FrameBatch out) {
    if (item instanceof CatchUpReader.Record r) {
      ConsumerRecord<byte[], byte[]> record = r.record();
      Lane lane = lane(record.topic());
      if (record.offset() < lane.next(record.partition())) {
        return;
      }
      lane.delivered(record.partition(), record.offset());
      String type = EventTypes.of(record.headers(), settings.typeHeader());
      if (settings.filter().accepts(record, type)) {
        ConsumerRecord<byte[], byte[]> framed = record;
        Selection selection = settings.filter().selection();
        if (selection != null) {
          // Catch-up records are this stream's alone: evaluated here, for it only.
          framed = selection.select(new RecordVariables(record, type), false).orElse(null);
          if (framed == null) {
            return;
          }
        }
        lane.framed();
        String id = currentId();
        out.add(settings.encoder().record(id, type, framed));
        lastSentId = id;
      }
    } else if (item instanceof CatchUpReader.Gap gap) {
      lane(gap.partition().topic()).skipTo(gap.partition().partition(), gap.resumedAt());
      String id = currentId();
      StartPlan.Gap body =
          new StartPlan.Gap(
              gap.partition().topic(),
              gap.partition().partition(),
              gap.requested(),
              gap.resumedAt());
      out.add(settings.encoder().control("gap", id, ControlBodies.gap(List.of(body))));
      lastSentId = id;
    }
  }

  private void ensureCatchUp() {
    if (catchUp != null) {
      return;
    }
    for (Lane lane : lanes) {
      if (!lane.live()) {
        catchUp = new StreamCatchUp(lease.newCatchUpReader(signal));
        return;
      }
    }
  }

  @Override
  public void prefetch(boolean wanted) {
    if (wanted) {
      ensureCatchUp();
      if (catchUp != null) {
        catchUp.request(lanes);
      }
    }
  }

  @Override
  public void caughtUp(FrameBatch out) {
    if (!caughtUp && reachedHeads()) {
      caughtUp = true;
      String id = currentId();
      lastSentId = id;
      out.add(settings.encoder().control("caught-up", id, ControlBodies.caughtUp(cursor())));
    }
    settle();
  }

  /**
   * Moves each live lane over the records at its window position that its filters skip, up to the
   * first it would send: a stream that ends without reading on (a revocation) still hands its
   * client an id past them. A keyed stream is not woken for records of other keys, so it may not
   * have read them yet.
   */
  private void passFiltered() {
    for (Lane lane : lanes) {
      if (!lane.live()) {
        continue;
      }
      for (WindowEntry entry = lane.reader().peek();
          entry != null && !takes(lane, entry);
          entry = lane.reader().peek()) {
        lane.reader().poll();
      }
    }
  }

  private boolean takes(Lane lane, WindowEntry entry) {
    String type = entry.type(settings.typeHeader(), EventTypes::of);
    if (!settings.filter().accepts(entry.record(), type)) {
      return false;
    }
    Selected verdict = lane.verdict(entry, type);
    return verdict == null || verdict.passes();
  }

  private boolean reachedHeads() {
    if (catchUp != null && catchUp.hasPending()) {
      return false;
    }
    for (Lane lane : lanes) {
      if (!lane.reachedHead()) {
        return false;
      }
    }
    return true;
  }

  /**
   * After each fill (the turn calls {@link #caughtUp} after every one): a keyed lane is settled
   * while the stream has sent {@code caught-up}, has no catch-up part and the lane read its window
   * to the end. Its reader then wakes it only for its keys: whatever the window held was read, and
   * the key of whatever comes next is noted for it. Otherwise it is woken at every wake-up, as an
   * unkeyed stream: a stream that has not reached its head, is catching up or joined the window but
   * has not read it yet, and one whose last fill stopped at a full batch.
   */
  private void settle() {
    boolean stable = caughtUp && catchUp == null;
    for (Lane lane : lanes) {
      lane.settle(signal, stable);
    }
  }

  @Override
  public void tokenExpiring(FrameBatch out, long expiresAtMillis) {
    String id = currentId();
    lastSentId = id;
    out.add(
        settings
            .encoder()
            .control("token-expiring", id, ControlBodies.tokenExpiring(expiresAtMillis, id)));
  }

  @Override
  public void revoked(FrameBatch out, String reason) {
    passFiltered();
    String id = currentId();
    lastSentId = id;
    out.add(settings.encoder().control("revoked", id, ControlBodies.revoked(reason, id)));
  }

  @Override
  public List<StreamPartition> partitions() {
    List<StreamPartition> partitions = new ArrayList<>();
    lanes.forEach(lane -> lane.partitions(partitions));
    return partitions;
  }

  @Override
  public void heartbeat(FrameBatch out) {
    String id = currentId();
    if (id.equals(lastSentId)) {
      out.add(settings.encoder().heartbeat(null));
    } else {
      lastSentId = id;
      out.add(settings.encoder().heartbeat(id));
    }
  }

  @Override
  public void finalId(FrameBatch out, long retryMillis) {
    // filters skip frames: make sure the client's last id is its real position
    String id = currentId();
    if (!id.equals(lastSentId)) {
      lastSentId = id;
      out.add(settings.encoder().heartbeat(id));
    }
    out.add(retryMillis >= 0 ? settings.encoder().retry(retryMillis) : NONE);
  }

  @Override
  public boolean fellBehind() {
    for (Lane lane : lanes) {
      if (lane.live() && lane.reader().fellBehind()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public int report() {
    int events = 0;
    for (Lane lane : lanes) {
      events += lane.report();
    }
    return events;
  }

  @Override
  public void close() {
    if (changes != null) {
      changes.close();
    }
    lanes.forEach(lane -> lane.unlisten(signal));
    closeCatchUp();
  }

  private void closeCatchUp() {
    if (catchUp != null) {
      catchUp.close();
      catchUp = null;
    }
  }

  private void control(FrameBatch out, String name, Map<String, Object> body) {
    String id = currentId();
    lastSentId = id;
    out.add(settings.encoder().control(name, id, body));
  }

  private Lane lane(String topic) {
    for (Lane lane : lanes) {
      if (lane.topic().equals(topic)) {
        return lane;
      }
    }
    throw new IllegalStateException("Record of a topic this stream does not read: " + topic);
  }

  private Cursor cursor() {
    List<TopicPosition> positions = new ArrayList<>(lanes.size());
    lanes.forEach(lane -> positions.add(lane.position()));
    return Cursor.of(positions);
  }

  private String currentId() {
    return settings.codec().encode(cursor());
  }
}
