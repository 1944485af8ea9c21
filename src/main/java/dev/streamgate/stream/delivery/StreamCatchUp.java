package dev.streamgate.stream.delivery;

import dev.streamgate.tail.CatchUpReader;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The catch-up part of a stream with lanes behind their windows: one {@link CatchUpReader} poll in
 * flight at most, its records pending until sent, and the hand-over of each lane to its window once
 * the reader reached it. Created when a lane is behind, dropped when none is.
 *
 * <p>Threads: all state is the stream's event loop's; the reader polls on the catch-up pool and
 * only signals the stream when its batch is ready.
 */
final class StreamCatchUp {

  private final CatchUpReader reader;
  private final ArrayDeque<CatchUpReader.Item> pending = new ArrayDeque<>();
  private boolean inFlight;

  StreamCatchUp(CatchUpReader reader) {
    this.reader = reader;
  }

  /** Moves the reader's finished poll, if any, to the pending items. */
  void take() {
    if (inFlight) {
      List<CatchUpReader.Item> batch = reader.take();
      if (batch != null) {
        pending.addAll(batch);
        inFlight = false;
      }
    }
  }

  /** The next item to send, or null. */
  CatchUpReader.Item poll() {
    return pending.poll();
  }

  boolean hasPending() {
    return !pending.isEmpty();
  }

  /**
   * Moves lanes whose catch-up reached the window onto it.
   *
   * @return true when no lane is behind any more: the reader is closed and this part is done
   */
  boolean joinWindows(List<Lane> lanes) {
    if (inFlight || hasPending()) {
      return false;
    }
    Map<TopicPartition, Long> positions = reader.positions();
    boolean anyBehind = false;
    for (Lane lane : lanes) {
      if (!lane.live() && !lane.tryJoin(readerPositions(lane, positions))) {
        anyBehind = true;
      }
    }
    if (!anyBehind) {
      reader.close();
    }
    return !anyBehind;
  }

  private static long[] readerPositions(Lane lane, Map<TopicPartition, Long> positions) {
    long[] result = new long[lane.partitions()];
    for (int p = 0; p < result.length; p++) {
      result[p] = positions.getOrDefault(new TopicPartition(lane.topic(), p), 0L);
    }
    return result;
  }

  /** Asks for the next poll from the lanes' positions, unless one is in flight or pending. */
  void request(List<Lane> lanes) {
    if (inFlight || hasPending()) {
      return;
    }
    Map<TopicPartition, Long> from = new HashMap<>();
    for (Lane lane : lanes) {
      if (!lane.live()) {
        for (int p = 0; p < lane.partitions(); p++) {
          from.put(new TopicPartition(lane.topic(), p), lane.next(p));
        }
      }
    }
    inFlight = true;
    reader.fetch(from);
  }

  void close() {
    reader.close();
  }
}
