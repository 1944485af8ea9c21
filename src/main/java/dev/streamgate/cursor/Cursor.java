package dev.streamgate.cursor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The whole position of one stream: a {@link TopicPosition} for every topic it reads.
 *
 * <p>This is what an SSE event id stands for. Because it holds the next offset of every partition
 * (not only of the partition the last event came from), a client that reconnects with its last id
 * can be resumed exactly, with no record skipped and none repeated, however records of different
 * partitions were interleaved.
 *
 * <p>Immutable; {@link #afterRecord} returns a new cursor. Topic order is kept as given, so that a
 * cursor always encodes to the same id.
 */
public final class Cursor {

  private final List<TopicPosition> topics;
  private final Map<String, Integer> indexByName;

  private Cursor(List<TopicPosition> topics, Map<String, Integer> indexByName) {
    this.topics = topics;
    this.indexByName = indexByName;
  }

  /**
   * @param topics at least one, with distinct topic names; order is kept
   * @throws IllegalArgumentException if empty or if two positions name the same topic
   * @throws NullPointerException if the list or an element is null
   */
  public static Cursor of(List<TopicPosition> topics) {
    List<TopicPosition> copy = List.copyOf(topics);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("a cursor needs at least one topic");
    }
    Map<String, Integer> index = new HashMap<>(copy.size() * 2);
    for (int i = 0; i < copy.size(); i++) {
      if (index.putIfAbsent(copy.get(i).topic(), i) != null) {
        throw new IllegalArgumentException("duplicate topic " + copy.get(i).topic());
      }
    }
    return new Cursor(copy, index);
  }

  /** The positions, in the order given to {@link #of}; unmodifiable. */
  public List<TopicPosition> topics() {
    return topics;
  }

  public Optional<TopicPosition> topic(String name) {
    Integer i = indexByName.get(name);
    return i == null ? Optional.empty() : Optional.of(topics.get(i));
  }

  /** The topic names, in cursor order; unmodifiable. */
  public Set<String> topicNames() {
    Set<String> names = new LinkedHashSet<>();
    for (TopicPosition t : topics) {
      names.add(t.topic());
    }
    return Collections.unmodifiableSet(names);
  }

  /**
   * The cursor after delivering record (topic, partition, offset): that partition's next offset
   * becomes offset + 1.
   *
   * @throws IllegalArgumentException if the topic is not in this cursor, or the offset is negative
   *     or {@link Long#MAX_VALUE} (whose successor does not exist)
   * @throws IndexOutOfBoundsException if the topic has no such partition
   */
  public Cursor afterRecord(String topic, int partition, long offset) {
    Integer i = indexByName.get(topic);
    if (i == null) {
      throw new IllegalArgumentException("topic " + topic + " is not in cursor " + this);
    }
    if (offset < 0 || offset == Long.MAX_VALUE) {
      throw new IllegalArgumentException("record offset out of range: " + offset);
    }
    List<TopicPosition> next = new ArrayList<>(topics);
    next.set(i, topics.get(i).withNextOffset(partition, offset + 1));
    return new Cursor(Collections.unmodifiableList(next), indexByName);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cursor other && topics.equals(other.topics);
  }

  @Override
  public int hashCode() {
    return topics.hashCode();
  }

  @Override
  public String toString() {
    return "Cursor" + topics;
  }
}
