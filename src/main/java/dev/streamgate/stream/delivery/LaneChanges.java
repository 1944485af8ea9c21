package dev.streamgate.stream.delivery;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Topic lanes that join and leave a running stream (a pattern stream's matching topics created or
 * deleted while it runs). The {@link RecordDelivery} of such a stream applies the changes on its
 * event loop, in its turn, and lets a changing lane's topic leave alone instead of ending the
 * stream.
 *
 * <p>Threads: {@link #open} on the subscribing thread, {@link #apply}, {@link #owns} and {@link
 * #close} on the stream's event loop; an implementation learns of changes on its own thread and
 * signals the stream.
 */
public interface LaneChanges {

  /** Starts following the changes; {@code signal} wakes the stream when lanes change. */
  void open(Runnable signal);

  /** Whether the lane may leave alone, instead of ending the stream when its topic changes. */
  boolean owns(Lane lane);

  /**
   * Adds the lanes of joined topics to {@code lanes} and removes those of topics that left, each
   * announced through {@code out} (a control event's name and body); true when the lanes changed.
   */
  boolean apply(List<Lane> lanes, Runnable signal, BiConsumer<String, Map<String, Object>> out);

  /** The stream ended: no more changes; what was taken for lanes never applied is given back. */
  void close();
}
