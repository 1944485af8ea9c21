package dev.streamgate.stream.delivery;

import java.util.List;

/**
 * Where a client stream's frames come from. {@link ClientStream} owns subscription, demand and
 * scheduling and asks its source for frames only in its serialised turn on the connection's event
 * loop; {@link RecordDelivery} is the real source (lanes, filters, ids). Every method runs in that
 * turn, except {@link #open} (on the subscribing thread, before the first turn).
 */
public interface FrameSource {

  /** Starts listening: {@code signal} asks the stream for a turn (any thread, never blocks). */
  void open(Runnable signal);

  /**
   * Adds what is ready, up to the batch limit.
   *
   * @return true when the source has ended (its topic changed under it): the stream closes after
   *     this batch and its final id
   */
  boolean fill(FrameBatch out);

  /** Adds the {@code caught-up} notice once the client reached the head it saw at open. */
  void caughtUp(FrameBatch out);

  /**
   * Adds the {@code token-expiring} notice: the caller's token ends at {@code expiresAtMillis}, and
   * the id to reopen from with a fresh one.
   */
  void tokenExpiring(FrameBatch out, long expiresAtMillis);

  /**
   * Adds the {@code revoked} notice with the client's real position as its id: the stream ends
   * right after it, so that id is the final one.
   */
  void revoked(FrameBatch out, String reason);

  /** Per partition of every topic: the client's position, the pod's reader's head, the lag. */
  List<StreamPartition> partitions();

  /** Adds a heartbeat: a comment, or an id-only event when the position moved unseen (filters). */
  void heartbeat(FrameBatch out);

  /** Adds the client's real position before a close, and a {@code retry:} when it is >= 0. */
  void finalId(FrameBatch out, long retryMillis);

  /** Whether the window moved past a lane of this stream (checked for a stalled connection). */
  boolean fellBehind();

  /** End of a turn: prepares the next frames (a catch-up poll) when the client wants more. */
  void prefetch(boolean wanted);

  /** Record events framed since the last call (reported with each batch). */
  int report();

  /** Stops listening and releases readers; called once. */
  void close();
}
