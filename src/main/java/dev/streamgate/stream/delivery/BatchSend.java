package dev.streamgate.stream.delivery;

import dev.streamgate.conflate.Change;
import dev.streamgate.tail.ConflatedBatch;
import java.util.List;

/**
 * One conflated batch a lane is writing, across as many writes as it takes: a group's batch whose
 * shared frames (ids included) fit the lane, or the lane's own records framed with its own ids. A
 * part ({@code end} null) is a fold sent before its batch ends (past the bound): its records go out
 * with their ids and no {@code batch} event.
 */
final class BatchSend {

  final ConflatedBatch shared;
  final List<Change<Pick>> own;
  final long[] end;
  final boolean endsCatchUp;
  int next;

  private BatchSend(
      ConflatedBatch shared, List<Change<Pick>> own, long[] end, boolean endsCatchUp) {
    this.shared = shared;
    this.own = own;
    this.end = end;
    this.endsCatchUp = endsCatchUp;
  }

  /** A group's batch written with its shared frames (the lane is aligned to its start). */
  static BatchSend shared(ConflatedBatch batch) {
    return new BatchSend(batch, null, batch.hi(), false);
  }

  /**
   * The lane's own batch, ending at {@code end}.
   *
   * @param endsCatchUp whether it is the lane's first batch, up to the head it saw at open
   */
  static BatchSend own(List<Change<Pick>> records, long[] end, boolean endsCatchUp) {
    return new BatchSend(null, records, end, endsCatchUp);
  }

  /** Records of a batch not ended yet (a fold past the bound). */
  static BatchSend part(List<Change<Pick>> records) {
    return new BatchSend(null, records, null, false);
  }

  int size() {
    return shared != null ? shared.entries().size() : own.size();
  }
}
