package dev.streamgate.stream.delivery;

import dev.streamgate.cursor.Cursor;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.start.StartPlan;
import dev.streamgate.tail.CatchUpReader;
import dev.streamgate.wire.ControlBodies;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The delivery of a conflated stream ({@code conflate=<window>}, docs/api.md#conflation): per topic
 * a {@link ConflatedLane} sends first the state from the stream's start up to the head it saw at
 * open, then {@code caught-up}, then per window the latest record of each key that changed (and
 * every record without a key), each batch ended by a {@code batch} event whose id is its end. The
 * batches are computed once per group on the topic's reader; a lane aligned to one writes its
 * shared frames.
 *
 * <p>Wake-ups: a lane listens to its topic's reader only until its first batch is written (it folds
 * each poll then); afterwards only to its group, which wakes it once per batch, so a live conflated
 * client costs one turn and one write per window. A slow client is not woken into anything: when it
 * writes again it takes every batch waiting, merged.
 *
 * <p>Threads: all state is the stream's event loop's; the readers, groups and catch-up reader only
 * signal.
 */
public final class ConflatedDelivery implements FrameSource {

  private final List<Lane> lanes;
  private final StreamSettings settings;
  private final StreamLease lease;
  private final LaneChanges changes;
  private final BatchWriter writer;
  private final Map<Lane, ConflatedLane> byLane = new IdentityHashMap<>();
  private final List<ConflatedLane> conflated = new ArrayList<>();
  private Runnable signal;
  private StreamCatchUp catchUp;
  private boolean caughtUp;

  /**
   * @param lanes the stream's lanes, each in its conflation group ({@link Lane#conflate})
   * @param changes a pattern stream's joins and leaves, or null
   */
  public ConflatedDelivery(
      List<Lane> lanes, StreamSettings settings, StreamLease lease, LaneChanges changes) {
    this.lanes = lanes;
    this.settings = settings;
    this.lease = lease;
    this.changes = changes;
    this.writer = new BatchWriter(settings, this::currentId, () -> this.lanes.size() == 1);
    sync();
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
      closeCatchUp();
      sync();
    }
    ensureCatchUp();
    if (catchUp != null) {
      catchUp.take();
      while (out.size() < settings.maxBatchBytes() && catchUp.hasPending() && !partsPending()) {
        fold(catchUp.poll(), out);
      }
      if (catchUp.joinWindows(lanes)) {
        catchUp = null;
      }
    }
    boolean progress = true;
    while (progress && out.size() < settings.maxBatchBytes()) {
      progress = false;
      for (ConflatedLane lane : conflated) {
        boolean wasCaughtUp = lane.caughtUp();
        progress |= lane.step(out, writer);
        if (!wasCaughtUp && lane.caughtUp()) {
          // from now on the group wakes it, once per batch
          lane.lane().tail().removeListener(signal);
        }
      }
    }
    for (Lane lane : lanes) {
      if (lane.tail().retired() && (changes == null || !changes.owns(lane))) {
        return true;
      }
    }
    return false;
  }

  private boolean partsPending() {
    for (ConflatedLane lane : conflated) {
      if (lane.sending()) {
        return true;
      }
    }
    return false;
  }

  private void fold(CatchUpReader.Item item, FrameBatch out) {
    if (item instanceof CatchUpReader.Record r) {
      byLane.get(lane(r.record().topic())).fold(r.record());
    } else if (item instanceof CatchUpReader.Gap gap) {
      lane(gap.partition().topic()).skipTo(gap.partition().partition(), gap.resumedAt());
      StartPlan.Gap body =
          new StartPlan.Gap(
              gap.partition().topic(),
              gap.partition().partition(),
              gap.requested(),
              gap.resumedAt());
      out.add(settings.encoder().control("gap", currentId(), ControlBodies.gap(List.of(body))));
    }
  }

  /** Matches the lanes' conflated state to the lanes (a pattern stream's changed). */
  private void sync() {
    Map<Lane, ConflatedLane> kept = new IdentityHashMap<>();
    conflated.clear();
    for (Lane lane : lanes) {
      ConflatedLane state = byLane.get(lane);
      if (state == null) {
        state = new ConflatedLane(lane, settings);
      }
      kept.put(lane, state);
      conflated.add(state);
    }
    byLane.clear();
    byLane.putAll(kept);
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
    if (caughtUp) {
      return;
    }
    for (ConflatedLane lane : conflated) {
      if (!lane.caughtUp()) {
        return;
      }
    }
    caughtUp = true;
    out.add(settings.encoder().control("caught-up", currentId(), ControlBodies.caughtUp(cursor())));
  }

  @Override
  public void tokenExpiring(FrameBatch out, long expiresAtMillis) {
    String id = currentId();
    out.add(
        settings
            .encoder()
            .control("token-expiring", id, ControlBodies.tokenExpiring(expiresAtMillis, id)));
  }

  @Override
  public void revoked(FrameBatch out, String reason) {
    String id = currentId();
    out.add(settings.encoder().control("revoked", id, ControlBodies.revoked(reason, id)));
  }

  @Override
  public List<StreamPartition> partitions() {
    List<StreamPartition> partitions = new ArrayList<>();
    for (ConflatedLane lane : conflated) {
      long[] position = lane.sent().offsets();
      long[] head = lane.lane().tail().positions();
      for (int p = 0; p < Math.max(position.length, head.length); p++) {
        long at = p < position.length ? position[p] : 0;
        long end = p < head.length ? head[p] : at;
        partitions.add(new StreamPartition(lane.topic(), p, at, end, Math.max(0, end - at)));
      }
    }
    return partitions;
  }

  /**
   * A comment: every move of a conflated client's position comes with an event carrying it (a
   * record, or the {@code batch} event), so its last id is always its position.
   */
  @Override
  public void heartbeat(FrameBatch out) {
    out.add(settings.encoder().heartbeat(null));
  }

  @Override
  public void finalId(FrameBatch out, long retryMillis) {
    if (retryMillis >= 0) {
      out.add(settings.encoder().retry(retryMillis));
    }
  }

  @Override
  public boolean fellBehind() {
    for (ConflatedLane lane : conflated) {
      if (lane.fellBehind()) {
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
    out.add(settings.encoder().control(name, currentId(), body));
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
    List<TopicPosition> positions = new ArrayList<>(conflated.size());
    for (ConflatedLane lane : conflated) {
      positions.add(new TopicPosition(lane.topic(), lane.fingerprint(), lane.sent().offsets()));
    }
    return Cursor.of(positions);
  }

  private String currentId() {
    return settings.codec().encode(cursor());
  }
}
