package dev.streamgate.stream.delivery;

import dev.streamgate.conflate.ConflateWindow;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.kafka.TopicSnapshot;
import dev.streamgate.select.Selection;
import dev.streamgate.tail.ConflationGroup;
import dev.streamgate.tail.Selected;
import dev.streamgate.tail.TopicSelections;
import dev.streamgate.tail.TopicTail;
import dev.streamgate.tail.WindowEntry;
import dev.streamgate.tail.WindowReader;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * One topic of one client's stream: served from the topic's window once the client can join it,
 * from a catch-up reader before that. Holds the client's position in the topic either way.
 */
public final class Lane {

  private final TopicTail tail;
  private final LaneMeters meters;
  private final String topic;
  private final int fingerprint;

  /** The head the stream saw at open, until the lane reaches it; then dropped. */
  private long[] head;

  private long[] next;
  private WindowReader reader;
  private TopicSelections.Group group;
  private ConflationGroup conflation;
  private Set<String> wakeKeys = Set.of();
  private boolean settled;
  private int unreported;

  public Lane(TopicTail tail, TopicSnapshot snapshot, TopicPosition start, LaneMeters meters) {
    this.tail = tail;
    this.topic = snapshot.topic();
    this.head = snapshot.latest();
    this.meters = meters;
    this.fingerprint = start.fingerprint();
    this.next = start.nextOffsets();
  }

  public String topic() {
    return topic;
  }

  /** The topic's reader this lane holds, acquired for it at open and released when it leaves. */
  public TopicTail tail() {
    return tail;
  }

  /** Its topic's meters. */
  public LaneMeters meters() {
    return meters;
  }

  boolean live() {
    return reader != null;
  }

  WindowReader reader() {
    return reader;
  }

  /**
   * Joins the topic's group of streams that share {@code selection}, whose verdicts the topic's
   * reader computes once per record for all of them; false when the topic has as many distinct
   * selections as it may.
   */
  public boolean select(Selection selection) {
    group = tail.selections().join(selection);
    return group != null;
  }

  /**
   * Joins the topic's conflation group of this window and the stream's selection and filters, whose
   * batches the topic's reader computes once for all of them (after {@link #select}); false when
   * the topic has as many groups as it may.
   */
  public boolean conflate(ConflateWindow window, RecordFilter filter) {
    conflation = tail.conflation().join(window, group, filter.text(), filter::accepts);
    return conflation != null;
  }

  /** Its conflation group, or null for a lane that is not conflated. */
  ConflationGroup conflation() {
    return conflation;
  }

  /**
   * Leaves the selection's and the conflation's groups; called once when the stream ends (or fails
   * to open).
   */
  public void unselect() {
    if (group != null) {
      tail.selections().leave(group);
      group = null;
    }
    if (conflation != null) {
      tail.conflation().leave(conflation);
      conflation = null;
    }
  }

  /**
   * The stream takes only records with these keys (its {@code key} filter), so its topic's reader
   * need wake it only for them once it is settled ({@link #settle}); set before {@link #listen}. A
   * conflated lane is woken by its group and ignores it.
   */
  public void wakeOn(Set<String> keys) {
    wakeKeys = Set.copyOf(keys);
  }

  /** Wakes {@code signal} when its topic's reader polls, and its conflation group's batches. */
  public void listen(Runnable signal) {
    if (keyed()) {
      tail.addListener(signal, wakeKeys);
      settled = false;
    } else {
      tail.addListener(signal);
    }
    if (conflation != null) {
      conflation.addListener(signal);
    }
  }

  /**
   * Tells a keyed lane's reader whether its stream is settled here: {@code stable} (caught up, no
   * catch-up part) and this lane read its window to the end, so that only a record with one of its
   * keys appended from now on (or a sweep) need wake it. An unkeyed lane returns at once, and a
   * keyed one tells its reader only when the state changes: the turn calls it after every fill.
   */
  void settle(Runnable signal, boolean stable) {
    if (!keyed()) {
      return;
    }
    boolean now = stable && live() && reader.atEnd();
    if (now != settled) {
      settled = now;
      tail.settle(signal, now);
    }
  }

  /** Whether this lane listens by key. */
  private boolean keyed() {
    return !wakeKeys.isEmpty() && conflation == null;
  }

  /** Stops waking {@code signal}. */
  public void unlisten(Runnable signal) {
    tail.removeListener(signal);
    if (conflation != null) {
      conflation.removeListener(signal);
    }
  }

  /**
   * The selection's verdict on a window entry, shared by the group (or evaluated for this stream
   * when the entry is older than the group); null when the stream selects everything.
   */
  Selected verdict(WindowEntry entry, String type) {
    return group == null ? null : group.verdict(entry, type);
  }

  /** Tries to move from catch-up to the window; true when the lane reads the window now. */
  public boolean tryJoin(long[] readerPositions) {
    long[] from = next.clone();
    for (int p = 0; p < from.length && p < readerPositions.length; p++) {
      // Offsets between a record and the reader's position hold no records (transaction
      // markers, compaction), so the client may claim them as seen.
      from[p] = Math.max(from[p], readerPositions[p]);
    }
    reader = tail.window().join(from);
    return reader != null;
  }

  /**
   * Reads again from {@code position}: from the window when it holds it, else from a catch-up
   * reader (a conflated lane rebuilding a batch its group no longer keeps).
   *
   * @return whether the lane reads the window
   */
  boolean restartAt(long[] position) {
    next = position.clone();
    reader = tail.window().join(next);
    return reader != null;
  }

  /**
   * Leaves a window that evicted this lane's next record: the lane keeps its exact position and
   * reads from a catch-up reader until it can join the window again.
   */
  void leaveWindow() {
    next = reader.nextOffsets();
    reader = null;
  }

  /** Counts one record event framed for the client; reported with its batch. */
  void framed() {
    unreported++;
  }

  /** Reports the events framed since the last batch to the topic's meter; returns their number. */
  int report() {
    int events = unreported;
    if (events > 0) {
      meters.delivered(events);
      unreported = 0;
    }
    return events;
  }

  /** Records a catch-up record as delivered. */
  void delivered(int partition, long offset) {
    ensure(partition + 1);
    next[partition] = offset + 1;
  }

  /** Continues at the first retained offset after retention deleted records. */
  void skipTo(int partition, long offset) {
    ensure(partition + 1);
    next[partition] = offset;
  }

  long next(int partition) {
    return reader != null ? reader.next(partition) : partition < next.length ? next[partition] : 0;
  }

  public TopicPosition position() {
    return new TopicPosition(
        topic(), fingerprint, reader != null ? reader.nextOffsets() : next.clone());
  }

  int partitions() {
    return reader != null ? reader.nextOffsets().length : next.length;
  }

  /**
   * Adds this lane's partitions: the client's next offset, the pod's reader's next fetch offset
   * (the head this pod knows without asking Kafka) and the records between them. A partition the
   * reader has and the client has not seen yet counts from 0, where it will be read from.
   */
  void partitions(List<StreamPartition> out) {
    long[] position = reader != null ? reader.nextOffsets() : next;
    long[] head = tail.positions();
    for (int p = 0; p < Math.max(position.length, head.length); p++) {
      long at = p < position.length ? position[p] : 0;
      long end = p < head.length ? head[p] : at;
      out.add(new StreamPartition(topic, p, at, end, Math.max(0, end - at)));
    }
  }

  /** Whether this lane has reached the head the stream saw when it opened. */
  boolean reachedHead() {
    if (head == null) {
      return true;
    }
    if (reader == null) {
      return false;
    }
    // Positions first: the tail publishes them after appending, so every record below them is in
    // the window by the time the reader is checked.
    long[] positions = tail.positions();
    for (int p = 0; p < head.length; p++) {
      if (p >= positions.length || positions[p] < head[p]) {
        return false;
      }
    }
    if (reader.atEnd()) {
      head = null;
      return true;
    }
    return false;
  }

  private void ensure(int partitions) {
    if (partitions > next.length) {
      next = Arrays.copyOf(next, partitions);
    }
  }
}
