package dev.streamgate.stream.delivery;

import dev.streamgate.tail.CatchUpReader;

/**
 * What a client stream holds from the pod while it is open: handed over by the opener with the
 * stream, told when the stream starts, writes and falls out of a window, and given back exactly
 * once when the stream ends (its lanes' readers, its address slot, the clock, the meters). The pod
 * sees the stream only as a {@link RunningStream}. Called on the stream's event loop, except {@link
 * #register} (on the subscribing thread).
 */
public interface StreamLease {

  /** The stream was subscribed: start ticking it, count it, log it. */
  void register(RunningStream stream);

  /** A catch-up reader for a lane behind its window; {@code onBatch} signals the stream. */
  CatchUpReader newCatchUpReader(Runnable onBatch);

  /** A batch of this many bytes was handed to the HTTP layer. */
  void written(int bytes);

  /** A lane fell out of its window and went back to a catch-up reader in place. */
  void fellOutOfWindow();

  /**
   * The pod's write budget, which the stream's batches count against and waits for when it is
   * spent; unbounded unless the pod says otherwise.
   */
  default WriteBudget writes() {
    return WriteBudget.UNBOUNDED;
  }

  /** The stream ended for {@code reason}; called once. */
  void release(RunningStream stream, CloseReason reason);
}
