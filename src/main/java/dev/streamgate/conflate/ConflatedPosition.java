package dev.streamgate.conflate;

import java.util.Arrays;

/**
 * A conflated client's position in one topic: the next offset per partition its state covers, and
 * the two rules that keep that state exact in any drop and resume.
 *
 * <p>The skip rule ({@link #take}): a batch's record below the position in its partition is already
 * in the client's state (another pod's batch, an earlier part) and is skipped; any other moves the
 * position to just after it. A batch may be taken by a client whose position is at or past the
 * batch's start in every partition ({@link #covers}); a client at exactly its start is aligned
 * ({@link #at}) and can share the batch's frames, ids included.
 *
 * <p>The id rule: each event's id is the position after it, so per partition just after the last
 * record sent (a batch sends each partition's records in offset order), and the batch's last event
 * takes the batch's end ({@link #end}). A key whose latest record in the batch lies before an
 * event's position was sent at or before it; one whose latest lies after has a record after the
 * position, so a resume from that id reads it again. A record without a key is sent once: its
 * partition's position passes it only when it is sent. A resume must read on to the log's end as of
 * the resume (its head) before its first batch ends; the batch then makes the state the fold of the
 * log up to its end (docs/api.md#conflation).
 *
 * <p>Not thread-safe: one stream's event loop, or the reader building a batch's shared ids.
 */
public final class ConflatedPosition {

  private long[] next;

  /** A position at these next offsets (copied). */
  public ConflatedPosition(long[] next) {
    this.next = next.clone();
  }

  /** Whether the position is at or past {@code start} in every partition of it. */
  public boolean covers(long[] start) {
    for (int p = 0; p < start.length; p++) {
      if (next(p) < start[p]) {
        return false;
      }
    }
    return true;
  }

  /** Whether the position is exactly {@code start} (partitions beyond both count as 0). */
  public boolean at(long[] start) {
    for (int p = 0; p < Math.max(start.length, next.length); p++) {
      if (next(p) != (p < start.length ? start[p] : 0)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The skip rule for a batch's record: false when the client's state has it already; else the
   * position moves just after it and the record is sent.
   */
  public boolean take(int partition, long offset) {
    if (offset < next(partition)) {
      return false;
    }
    grow(partition + 1);
    next[partition] = offset + 1;
    return true;
  }

  /** The end of a batch: the position moves to {@code end} wherever that is further. */
  public void end(long[] end) {
    grow(end.length);
    for (int p = 0; p < end.length; p++) {
      next[p] = Math.max(next[p], end[p]);
    }
  }

  /** The next offset in {@code partition}. */
  public long next(int partition) {
    return partition < next.length ? next[partition] : 0;
  }

  /** The next offsets, a copy. */
  public long[] offsets() {
    return next.clone();
  }

  private void grow(int partitions) {
    if (partitions > next.length) {
      next = Arrays.copyOf(next, partitions);
    }
  }

  @Override
  public String toString() {
    return Arrays.toString(next);
  }
}
