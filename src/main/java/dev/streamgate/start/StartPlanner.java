package dev.streamgate.start;

import dev.streamgate.cursor.Cursor;
import dev.streamgate.cursor.CursorDecoding;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.kafka.TopicSnapshot;
import dev.streamgate.start.StartPlan.Gap;
import dev.streamgate.start.StartPlan.Reset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides where a stream starts, from the client's id (if any) and what Kafka holds now. Pure
 * logic: the Kafka answers come in as {@link TopicSnapshot}s.
 *
 * <p>An id that names the same topics resumes each topic exactly where it stopped. Partitions added
 * since the id was issued start at offset 0. A position that retention deleted resumes at the first
 * retained offset and is reported as a {@link Gap} with the exact count. An id that cannot be
 * honoured (unreadable, other topics, recreated topic, offsets beyond the log) is a {@link Reset}:
 * those topics start as if no id had been sent ({@code since}, else {@code from}). A snapshot id
 * ({@link CursorDecoding.InSnapshot}) starts every topic per the fallback: a new snapshot when it
 * is {@link #SNAPSHOT}, else after a {@code snapshot-interrupted} reset.
 */
public final class StartPlanner {

  /** The start chosen when there is no usable id, per topic (lazy: may ask Kafka). */
  public interface Fallback {

    /** How the fallback is named in {@code stream-info}: earliest, latest or since. */
    String origin();

    /** The next offset to deliver per partition. */
    long[] offsets(TopicSnapshot topic);
  }

  /** The origin of a fallback that sends a snapshot first ({@code from=snapshot}). */
  public static final String SNAPSHOT = "snapshot";

  private StartPlanner() {}

  /**
   * Plans the start.
   *
   * @param snapshots the requested topics, in request order
   * @param id the decoded client id, empty when none was sent
   * @param fallback the start for topics without a usable id
   */
  public static StartPlan plan(
      Map<String, TopicSnapshot> snapshots, Optional<CursorDecoding> id, Fallback fallback) {
    Map<String, long[]> starts = new LinkedHashMap<>();
    Map<String, String> origins = new LinkedHashMap<>();
    List<Reset> resets = new ArrayList<>();
    List<Gap> gaps = new ArrayList<>();

    Function<String, Optional<TopicPosition>> resumable = topic -> Optional.empty();
    if (id.isPresent()) {
      CursorDecoding decoding = id.get();
      if (decoding instanceof CursorDecoding.Invalid invalid) {
        resets.add(
            new Reset(
                "unreadable-id",
                "The event id could not be read (" + invalid.reason() + ")",
                List.copyOf(snapshots.keySet())));
      } else if (decoding instanceof CursorDecoding.InSnapshot) {
        // The client's state is an incomplete snapshot: it needs a whole one, or a reset.
        if (!fallback.origin().equals(SNAPSHOT)) {
          resets.add(
              new Reset(
                  "snapshot-interrupted",
                  "The event id was sent during a snapshot, which this stream does not send",
                  List.copyOf(snapshots.keySet())));
        }
      } else if (decoding instanceof CursorDecoding.Valid valid) {
        Cursor cursor = valid.cursor();
        if (!cursor.topicNames().equals(new HashSet<>(snapshots.keySet()))) {
          resets.add(
              new Reset(
                  "other-topics",
                  "The event id belongs to a stream of other topics " + cursor.topicNames(),
                  List.copyOf(snapshots.keySet())));
        } else {
          resumable = cursor::topic;
        }
      }
    }

    List<String> recreated = new ArrayList<>();
    List<String> ahead = new ArrayList<>();
    for (TopicSnapshot topic : snapshots.values()) {
      Optional<TopicPosition> position = resumable.apply(topic.topic());
      long[] resumed = null;
      if (position.isPresent()) {
        TopicPosition pos = position.get();
        if (pos.fingerprint() != topic.fingerprint() || pos.partitions() > topic.partitions()) {
          recreated.add(topic.topic());
        } else if (isAheadOfLog(pos, topic)) {
          ahead.add(topic.topic());
        } else {
          resumed = resume(pos, topic, gaps);
        }
      }
      if (resumed != null) {
        starts.put(topic.topic(), resumed);
        origins.put(topic.topic(), "resume");
      } else {
        starts.put(topic.topic(), fallback.offsets(topic));
        origins.put(topic.topic(), fallback.origin());
      }
    }
    if (!recreated.isEmpty()) {
      resets.add(
          new Reset(
              "topic-recreated",
              "The topic was deleted and created again since this event id was issued",
              recreated));
    }
    if (!ahead.isEmpty()) {
      resets.add(
          new Reset("ahead-of-log", "The event id points past the end of the topic's log", ahead));
    }
    List<TopicPosition> positions = new ArrayList<>();
    snapshots
        .values()
        .forEach(
            t ->
                positions.add(
                    new TopicPosition(t.topic(), t.fingerprint(), starts.get(t.topic()))));
    return new StartPlan(Cursor.of(positions), origins, resets, gaps);
  }

  private static boolean isAheadOfLog(TopicPosition pos, TopicSnapshot topic) {
    for (int p = 0; p < pos.partitions(); p++) {
      if (pos.nextOffset(p) > topic.latest()[p]) {
        return true;
      }
    }
    return false;
  }

  private static long[] resume(TopicPosition pos, TopicSnapshot topic, List<Gap> gaps) {
    long[] next = new long[topic.partitions()];
    for (int p = 0; p < next.length; p++) {
      long requested = p < pos.partitions() ? pos.nextOffset(p) : 0L;
      long earliest = topic.earliest()[p];
      if (requested < earliest) {
        gaps.add(new Gap(topic.topic(), p, requested, earliest));
        requested = earliest;
      }
      next[p] = requested;
    }
    return next;
  }
}
