package dev.streamgate.start;

import dev.streamgate.cursor.Cursor;
import dev.streamgate.cursor.CursorDecoding;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.kafka.TopicSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resuming a pattern stream, whose topics change while it runs: the pod re-resolves the patterns,
 * and the client's id is then read per topic. A topic of the id keeps its position; a topic of the
 * stream that the id does not name is new since that id (it had not joined yet) and is read from
 * its start; a topic of the id that no longer exists or matches left the stream ({@code reset}
 * {@code topic-left}, for it alone); a topic recreated since the id is read from its start with a
 * {@code reset} {@code topic-recreated}. An unreadable id, or one that shares no topic with the
 * stream, is left to {@link StartPlanner} as it is (a {@code reset} of the whole stream). Pure.
 */
public final class PatternResume {

  private PatternResume() {}

  /** The plan of a pattern stream: {@link StartPlanner#plan} on the id read per topic. */
  public static StartPlan plan(
      Map<String, TopicSnapshot> snapshots,
      Optional<CursorDecoding> id,
      StartPlanner.Fallback fallback) {
    if (id.isEmpty()
        || !(id.get() instanceof CursorDecoding.Valid valid)
        || valid.cursor().topicNames().stream().noneMatch(snapshots::containsKey)) {
      return StartPlanner.plan(snapshots, id, fallback);
    }
    Cursor cursor = valid.cursor();
    List<TopicPosition> positions = new ArrayList<>();
    List<String> fresh = new ArrayList<>();
    List<String> recreated = new ArrayList<>();
    for (TopicSnapshot snapshot : snapshots.values()) {
      Optional<TopicPosition> known = cursor.topic(snapshot.topic());
      if (known.isPresent() && known.get().fingerprint() == snapshot.fingerprint()) {
        positions.add(known.get());
      } else {
        (known.isPresent() ? recreated : fresh).add(snapshot.topic());
        positions.add(
            new TopicPosition(snapshot.topic(), snapshot.fingerprint(), snapshot.earliest()));
      }
    }
    List<String> left =
        cursor.topicNames().stream().filter(t -> !snapshots.containsKey(t)).sorted().toList();
    StartPlan plan =
        StartPlanner.plan(
            snapshots, Optional.of(new CursorDecoding.Valid(Cursor.of(positions))), fallback);
    Map<String, String> origins = new LinkedHashMap<>(plan.origins());
    fresh.forEach(t -> origins.put(t, "earliest"));
    recreated.forEach(t -> origins.put(t, "earliest"));
    left.forEach(t -> origins.put(t, "left"));
    List<StartPlan.Reset> resets = new ArrayList<>(plan.resets());
    if (!recreated.isEmpty()) {
      resets.add(
          new StartPlan.Reset(
              "topic-recreated",
              "The topic was deleted and created again since this event id was issued; it is"
                  + " read from its start",
              recreated));
    }
    if (!left.isEmpty()) {
      resets.add(
          new StartPlan.Reset(
              "topic-left",
              "The topic no longer exists or no longer matches the stream's patterns",
              left));
    }
    return new StartPlan(plan.start(), origins, resets, plan.gaps());
  }
}
