package dev.streamgate.start;

import dev.streamgate.cursor.Cursor;
import dev.streamgate.cursor.CursorDecoding;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.kafka.TopicCatalog;
import dev.streamgate.kafka.TopicShape;
import dev.streamgate.kafka.TopicSnapshot;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Answers "where do these topics stand" from the pod's running readers instead of Kafka's offsets,
 * when that answer is exact. A reconnect storm is thousands of clients resuming a few seconds
 * behind the head: asking Kafka three questions for each of them is what made the storm slow, and
 * the readers already know the offsets. Only the topics' incarnation is still asked, in a metadata
 * request shared by all streams opening at the same time ({@link TopicCatalog#currentShapes}), so
 * that a topic recreated a moment before a reconnect is seen as surely as before.
 *
 * <p>Served from the readers: a valid id for exactly the requested topics whose every topic has a
 * running reader of the same incarnation (fingerprint), the same partition count, and a position
 * inside that reader's window, not past its head and not before the log start Kafka reports now; or
 * no id and {@code from=latest}, for topics that all have a running reader. Everything else asks
 * Kafka: unknown topics, no running reader, {@code since} and {@code earliest}, unreadable or
 * foreign ids, a fingerprint the reader does not know (recreated topic), a position behind the
 * window (a gap may have to be counted against the log start) or ahead of the reader (only Kafka
 * knows whether it is past the log end), a partition count that changed.
 *
 * <p>The shared request also reads the partitions' log start offsets: a record that retention or
 * {@code deleteRecords} removed from Kafka is never served from memory, the resume is planned
 * against Kafka and says {@code gap} exactly as on a pod without a window (records deleted on
 * purpose stay deleted, and every pod answers a resume the same way).
 */
public final class ReaderLookup {

  private ReaderLookup() {}

  /** Whether the client's position lies before the log start in some partition (a gap). */
  private static boolean before(TopicPosition position, TopicShape shape) {
    long[] next = position.nextOffsets();
    for (int p = 0; p < next.length; p++) {
      if (next[p] < shape.logStart()[p]) {
        return true;
      }
    }
    return false;
  }

  /**
   * The topics as their running readers know them, in request order, or empty when Kafka must be
   * asked.
   *
   * @param topics the requested topics, in request order
   * @param mode where the stream starts when it has no id
   * @param running the running, non-retired reader of a topic, or null
   * @param current the topics' incarnation and partition count as Kafka describes them now, or
   *     empty when that is not known without asking Kafka (the caller must not block)
   */
  public static Optional<Map<String, TopicSnapshot>> of(
      List<String> topics,
      StartMode mode,
      Optional<CursorDecoding> id,
      Function<String, RunningReader> running,
      Function<Set<String>, Optional<Map<String, TopicShape>>> current) {
    if (mode == StartMode.SINCE) {
      return Optional.empty();
    }
    Cursor cursor = null;
    if (id.isPresent()) {
      if (!(id.get() instanceof CursorDecoding.Valid valid)
          || !valid.cursor().topicNames().equals(new HashSet<>(topics))) {
        return Optional.empty();
      }
      cursor = valid.cursor();
    } else if (mode == StartMode.EARLIEST) {
      return Optional.empty();
    }
    Map<String, TopicSnapshot> snapshots = new LinkedHashMap<>();
    for (String topic : topics) {
      RunningReader tail = running.apply(topic);
      if (tail == null) {
        return Optional.empty();
      }
      if (cursor != null) {
        TopicPosition position = cursor.topic(topic).orElseThrow();
        if (position.fingerprint() != tail.fingerprint() || !tail.serves(position.nextOffsets())) {
          return Optional.empty();
        }
      }
      snapshots.put(topic, tail.snapshot());
    }
    // The readers know everything but whether their topic is still the one Kafka has: a topic
    // recreated or grown since the last metadata check must be planned against Kafka's answer.
    Optional<Map<String, TopicShape>> described = current.apply(snapshots.keySet());
    if (described.isEmpty()) {
      return Optional.empty();
    }
    Map<String, TopicShape> now = described.get();
    Map<String, TopicSnapshot> fresh = new LinkedHashMap<>();
    for (TopicSnapshot snapshot : snapshots.values()) {
      TopicShape shape = now.get(snapshot.topic());
      if (shape == null
          || shape.fingerprint() != snapshot.fingerprint()
          || shape.partitions() != snapshot.partitions()
          || shape.logStart().length != snapshot.partitions()
          || (cursor != null && before(cursor.topic(snapshot.topic()).orElseThrow(), shape))) {
        return Optional.empty();
      }
      fresh.put(
          snapshot.topic(),
          new TopicSnapshot(
              snapshot.topic(), snapshot.fingerprint(), shape.logStart(), snapshot.latest()));
    }
    return Optional.of(fresh);
  }
}
