package dev.streamgate.wire;

import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.kafka.TopicSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of the control events of pattern streams (docs/api.md#topic-patterns): a topic
 * joining ({@code stream-info} of that topic alone), leaving ({@code reset} of that topic alone) or
 * left out ({@code topic-skipped}). Field names are part of the public API.
 */
public final class PatternBodies {

  private PatternBodies() {}

  /** {@code stream-info} of a topic joining a running stream, read from {@code start}. */
  public static Map<String, Object> joined(TopicSnapshot snapshot, TopicPosition start) {
    Map<String, Object> topic = new LinkedHashMap<>();
    topic.put("topic", snapshot.topic());
    topic.put("start", "earliest");
    topic.put("joined", true);
    topic.put("partitions", ControlBodies.partitions(snapshot, start));
    return Map.of("topics", List.of(topic));
  }

  /** {@code reset} of one topic that left a running stream; the others continue. */
  public static Map<String, Object> left(String topic, String reason, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("reason", reason);
    body.put("detail", detail);
    body.put("topics", List.of(topic));
    body.put("start", Map.of(topic, "left"));
    return body;
  }

  /** {@code topic-skipped}: a matching topic the stream does not read, and why. */
  public static Map<String, Object> skipped(String topic, String reason, String detail) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("topic", topic);
    body.put("reason", reason);
    body.put("detail", detail);
    return body;
  }
}
