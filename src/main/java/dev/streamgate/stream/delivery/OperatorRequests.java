package dev.streamgate.stream.delivery;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * What an operator asks of one open stream ({@code /admin/streams}): how far it has got, and to
 * close it with a {@code revoked} event. Any thread asks — it only sets a field here, and the
 * stream then signals itself — and the stream's turn, on its event loop, answers: no stream state
 * is read or changed off its loop. Every ask is answered, by an ended stream too (its next turn,
 * which the signal schedules, finds it ended). Concurrent asks of one kind share one answer, so a
 * stream holds at most two pending futures whatever the number of admin calls.
 */
final class OperatorRequests {

  @SuppressWarnings("rawtypes")
  private static final AtomicReferenceFieldUpdater<OperatorRequests, CompletableFuture> INSPECTION =
      AtomicReferenceFieldUpdater.newUpdater(
          OperatorRequests.class, CompletableFuture.class, "inspection");

  @SuppressWarnings("rawtypes")
  private static final AtomicReferenceFieldUpdater<OperatorRequests, CompletableFuture> CLOSING =
      AtomicReferenceFieldUpdater.newUpdater(
          OperatorRequests.class, CompletableFuture.class, "closing");

  private volatile String revokedReason;
  private volatile CompletableFuture<StreamProgress> inspection;
  private volatile CompletableFuture<Boolean> closing;

  /** Asks for the stream's progress (any thread); null answers mean the stream had ended. */
  CompletableFuture<StreamProgress> inspect() {
    return share(INSPECTION);
  }

  /**
   * Asks the stream to close with a {@code revoked} event (any thread); the first reason given is
   * the one sent. The answer comes when the stream has ended: true when this revocation ended it.
   */
  CompletableFuture<Boolean> revoke(String reason) {
    if (revokedReason == null) {
      revokedReason = reason;
    }
    return share(CLOSING);
  }

  @SuppressWarnings("unchecked")
  private <T> CompletableFuture<T> share(
      @SuppressWarnings("rawtypes")
          AtomicReferenceFieldUpdater<OperatorRequests, CompletableFuture> field) {
    CompletableFuture<T> fresh = null;
    while (true) {
      CompletableFuture<T> pending = field.get(this);
      if (pending != null) {
        return pending;
      }
      if (fresh == null) {
        fresh = new CompletableFuture<>();
      }
      if (field.compareAndSet(this, null, fresh)) {
        return fresh;
      }
    }
  }

  /** The reason of a revocation asked for, or null. */
  String revokedReason() {
    return revokedReason;
  }

  /** Whether an ask waits for its answer; the turn's only cost when none does. */
  boolean pending() {
    return inspection != null || closing != null;
  }

  /**
   * Answers the asks (the stream's turn).
   *
   * @param progress the stream's progress now; null once it has ended
   * @param closedBy why the stream ended; null while it is open
   */
  @SuppressWarnings("unchecked")
  void answer(StreamProgress progress, CloseReason closedBy) {
    CompletableFuture<StreamProgress> asked = INSPECTION.getAndSet(this, null);
    if (asked != null) {
      asked.complete(progress);
    }
    if (closedBy != null) {
      CompletableFuture<Boolean> closed = CLOSING.getAndSet(this, null);
      if (closed != null) {
        closed.complete(closedBy == CloseReason.REVOKED);
      }
    }
  }
}
