package dev.streamgate.stream.open;

import dev.streamgate.cursor.Cursor;
import dev.streamgate.kafka.TopicSnapshot;
import dev.streamgate.problem.ProblemException;
import dev.streamgate.tail.KeyTableView;
import dev.streamgate.tail.SnapshotRefused;
import dev.streamgate.tail.TopicTail;
import dev.streamgate.wire.ControlBodies;
import dev.streamgate.wire.EventEncoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the opener of a {@code from=snapshot} stream asks of its topics' key tables: a view each, as
 * of the position its lane starts at, and the {@code snapshot} notice that opens the snapshot. Runs
 * on the open pool (it may wait for a table's build), never on an event loop.
 */
final class SnapshotViews {

  private SnapshotViews() {}

  /**
   * The topic's key table as of a position, waiting for its build for at most {@code timeoutNanos}.
   *
   * @throws ProblemException 503 {@code Snapshot too large} above the table's bounds (no {@code
   *     Retry-After}: retrying will not help), else {@code Snapshot unavailable} with {@code
   *     Retry-After: 5}
   */
  static KeyTableView take(TopicTail tail, TopicSnapshot snapshot, long timeoutNanos) {
    try {
      KeyTableView view = tail.keyTable().view(timeoutNanos);
      if (view.position().length != snapshot.partitions()) {
        throw new SnapshotRefused(
            false, "Topic " + snapshot.topic() + " is gaining partitions; retry shortly");
      }
      return view;
    } catch (SnapshotRefused refused) {
      throw new ProblemException(
          503,
          refused.tooLarge() ? "Snapshot too large" : "Snapshot unavailable",
          refused.getMessage(),
          refused.tooLarge() ? Map.of() : Map.of("Retry-After", "5"));
    }
  }

  /** The {@code snapshot} event: the keys per topic and P, with the snapshot id. */
  static byte[] notice(List<KeyTableView> views, Cursor start, String id, EventEncoder encoder) {
    Map<String, Integer> keys = new LinkedHashMap<>();
    views.forEach(v -> keys.put(v.topic(), v.records().size()));
    return encoder.control("snapshot", id, ControlBodies.snapshot(keys, start));
  }
}
