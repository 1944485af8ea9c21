package dev.streamgate.wire;

import dev.streamgate.cursor.Cursor;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.decode.DecodeError;
import dev.streamgate.decode.DecodeException;
import dev.streamgate.decode.DecodedRecord;
import dev.streamgate.kafka.TopicSnapshot;
import dev.streamgate.start.StartPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON bodies of control events; their field names are part of the public API. */
public final class ControlBodies {

  private ControlBodies() {}

  /** Per topic and partition: retained range and where this stream starts. */
  public static Map<String, Object> streamInfo(
      StartPlan plan, Map<String, TopicSnapshot> snapshots) {
    List<Object> topics = new ArrayList<>();
    for (TopicSnapshot snapshot : snapshots.values()) {
      TopicPosition start = plan.start().topic(snapshot.topic()).orElseThrow();
      Map<String, Object> topic = new LinkedHashMap<>();
      topic.put("topic", snapshot.topic());
      topic.put("start", plan.origins().get(snapshot.topic()));
      topic.put("partitions", partitions(snapshot, start));
      topics.add(topic);
    }
    return Map.of("topics", topics);
  }

  public static Map<String, Object> reset(StartPlan.Reset reset, StartPlan plan) {
    Map<String, Object> starts = new LinkedHashMap<>();
    reset.topics().forEach(t -> starts.put(t, plan.origins().get(t)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reason", reset.reason());
    body.put("detail", reset.detail());
    body.put("topics", reset.topics());
    body.put("start", starts);
    return body;
  }

  public static Map<String, Object> gap(List<StartPlan.Gap> gaps) {
    long total = 0;
    List<Object> partitions = new ArrayList<>();
    for (StartPlan.Gap gap : gaps) {
      total += gap.lost();
      Map<String, Object> partition = new LinkedHashMap<>();
      partition.put("topic", gap.topic());
      partition.put("partition", gap.partition());
      partition.put("requested", gap.requested());
      partition.put("resumedAt", gap.resumedAt());
      partition.put("lost", gap.lost());
      partitions.add(partition);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reason", "retention");
    body.put("lost", total);
    body.put("partitions", partitions);
    return body;
  }

  /**
   * The {@code token-expiring} notice: when the caller's token ends (the stream ends then, after a
   * final id) and the id to reopen from with a renewed token.
   */
  public static Map<String, Object> tokenExpiring(long expiresAtMillis, String id) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("expiresAt", Instant.ofEpochMilli(expiresAtMillis).toString());
    body.put("id", id);
    return body;
  }

  /**
   * The {@code revoked} notice: an operator closed the stream ({@code reason}, a token the operator
   * chose or {@code operator}); the stream ends right after it, and {@code id}, its final id, is
   * where a reconnect resumes.
   */
  public static Map<String, Object> revoked(String reason, String id) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reason", reason);
    body.put("id", id);
    return body;
  }

  /**
   * The {@code decode-error} event of a record that could not be decoded: where it is, which part
   * failed and why (the {@code reason} tags of {@code streamgate_decode_errors_total}), the schema
   * id when the framing gave one, and the raw key and value in base64 (null when absent), unless
   * they were withheld from a caller whose token limits its rows ({@code "withheld": true}).
   */
  public static Map<String, Object> decodeError(DecodedRecord record) {
    DecodedRecord.Failure failure = record.failure();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("topic", record.topic());
    body.put("partition", record.partition());
    body.put("offset", record.offset());
    body.put("timestamp", record.timestamp());
    body.put("part", failure.part());
    body.put(
        "schemaId",
        failure.error().schemaId() == DecodeException.NO_SCHEMA_ID
            ? null
            : failure.error().schemaId());
    body.put("reason", failure.error().reason().tag());
    body.put("message", message(failure.error()));
    if (record.rawWithheld()) {
      body.put("withheld", true);
    } else {
      body.put("key", base64(record.rawKey()));
      body.put("value", base64(record.rawValue()));
    }
    return body;
  }

  /**
   * What the client is told: the decoder's detail, except where it would name the registry's
   * address (the log has it): an unknown id and an unavailable registry get a fixed sentence.
   */
  private static String message(DecodeError error) {
    return switch (error.reason()) {
      case UNKNOWN_SCHEMA ->
          "The schema registry does not know this schema id or a reference of it";
      case REGISTRY_UNAVAILABLE ->
          "The schema registry could not be asked: no answer within the bounded retries and"
              + " wait, or its credentials were refused";
      default -> error.detail();
    };
  }

  private static String base64(byte[] bytes) {
    return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
  }

  public static Map<String, Object> caughtUp(Cursor cursor) {
    Map<String, Object> positions = new LinkedHashMap<>();
    for (TopicPosition topic : cursor.topics()) {
      positions.put(topic.topic(), topic.nextOffsets());
    }
    return Map.of("next", positions);
  }

  /**
   * The {@code snapshot} notice that starts a {@code from=snapshot} stream's snapshot: the client
   * replaces its state with the records that follow, up to {@code caught-up}.
   *
   * @param keys per topic, the number of keys in the snapshot before the stream's filters
   * @param position P: per topic, the offsets the snapshot is as of and the live records start at
   */
  public static Map<String, Object> snapshot(Map<String, Integer> keys, Cursor position) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("keys", keys);
    body.put("next", caughtUp(position).get("next"));
    return body;
  }

  /**
   * A {@code stream-info} topic's partitions: earliest, latest and where this stream starts. The
   * start is exact: the stream delivers from there. The offsets are what the pod learned when the
   * open began (Kafka's answer or the topic reader's position), and a snapshot's position P is read
   * later, after the table was built, so the log may have grown past them meanwhile: {@code latest}
   * is raised to the start, since the log end is at least where the pod has read. Never {@code
   * latest < start} in one event.
   */
  static List<Object> partitions(TopicSnapshot snapshot, TopicPosition start) {
    List<Object> partitions = new ArrayList<>();
    for (int p = 0; p < snapshot.partitions(); p++) {
      long from = start.nextOffset(p);
      Map<String, Object> partition = new LinkedHashMap<>();
      partition.put("partition", p);
      partition.put("earliest", snapshot.earliest()[p]);
      partition.put("latest", Math.max(snapshot.latest()[p], from));
      partition.put("start", from);
      partitions.add(partition);
    }
    return partitions;
  }
}
