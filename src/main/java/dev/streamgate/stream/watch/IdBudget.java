package dev.streamgate.stream.watch;

import dev.streamgate.kafka.TopicSnapshot;
import java.util.HashMap;
import java.util.Map;

/**
 * The longest id a stream's topics can take, against {@code max-id-length}: each topic costs its
 * name, its fingerprint and a count, and each partition's offset at most ten bytes (a varint), all
 * in base64url after a version character. A stream is refused, or a topic not joined, when it could
 * outgrow the cap, so that no id the service sends is one it would refuse to read back.
 *
 * <p>Threads: a pattern stream's budget is changed under its {@link PatternWatch}'s lock only.
 */
public final class IdBudget {

  private final int maxChars;
  private final Map<String, Long> topics = new HashMap<>();
  private long bytes = 2;

  public IdBudget(int maxChars) {
    this.maxChars = maxChars;
  }

  static long bytes(TopicSnapshot topic) {
    return 2 + topic.topic().length() + 4 + 3 + 10L * topic.partitions();
  }

  private static long chars(long bytes) {
    return 1 + (bytes * 4 + 2) / 3;
  }

  boolean fits(TopicSnapshot topic) {
    return chars(bytes + bytes(topic)) <= maxChars;
  }

  /** Whether the topics added so far fit. */
  public boolean fitsNow() {
    return chars(bytes) <= maxChars;
  }

  public void add(TopicSnapshot topic) {
    long cost = bytes(topic);
    Long before = topics.put(topic.topic(), cost);
    bytes += cost - (before == null ? 0 : before);
  }

  void remove(String topic) {
    Long cost = topics.remove(topic);
    if (cost != null) {
      bytes -= cost;
    }
  }
}
