package dev.streamgate.stream.conflate;

import dev.streamgate.cursor.Cursor;
import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.cursor.CursorDecoding;
import dev.streamgate.cursor.TopicPosition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The truth for conflated streams: a topic's records read straight from Kafka (read_committed), and
 * the state a conflated client must hold at a position: the fold of the records its filters select,
 * key → value, a tombstone removing its key.
 */
final class KeyedTopic {

  private static final CursorCodec CODEC = new CursorCodec(8192);

  final String topic;
  private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

  private KeyedTopic(String topic) {
    this.topic = topic;
  }

  /** Every record the topic holds now. */
  static KeyedTopic read(String bootstrap, String topic) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("isolation.level", "read_committed");
    props.put("key.deserializer", ByteArrayDeserializer.class.getName());
    props.put("value.deserializer", ByteArrayDeserializer.class.getName());
    props.put("max.poll.records", "5000");
    KeyedTopic log = new KeyedTopic(topic);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      for (int polls = 0; polls < 10_000 && !reached(consumer, end); polls++) {
        consumer.poll(Duration.ofMillis(200)).forEach(log.records::add);
      }
      if (!reached(consumer, end)) {
        throw new IllegalStateException("could not read " + topic + " to its end");
      }
    }
    return log;
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  int size() {
    return records.size();
  }

  /** The id of the topic's end: every record it holds now. */
  String endId() {
    int partitions = 0;
    for (ConsumerRecord<byte[], byte[]> r : records) {
      partitions = Math.max(partitions, r.partition() + 1);
    }
    long[] next = new long[partitions];
    for (ConsumerRecord<byte[], byte[]> r : records) {
      next[r.partition()] = Math.max(next[r.partition()], r.offset() + 1);
    }
    return CODEC.encode(Cursor.of(List.of(new TopicPosition(topic, 0, next))));
  }

  /** The state after every record. */
  Map<String, String> state() {
    return foldUpTo(null, r -> true);
  }

  /** The state as of the id's position in this topic, of the records {@code selected} keeps. */
  Map<String, String> stateAt(String id, Predicate<ConsumerRecord<byte[], byte[]>> selected) {
    CursorDecoding decoding = CODEC.decode(id);
    if (!(decoding instanceof CursorDecoding.Valid valid)) {
      throw new AssertionError("not a live id: " + id);
    }
    Cursor cursor = valid.cursor();
    TopicPosition position = cursor.topic(topic).orElseThrow();
    return foldUpTo(position.nextOffsets(), selected);
  }

  private Map<String, String> foldUpTo(
      long[] next, Predicate<ConsumerRecord<byte[], byte[]>> selected) {
    Map<String, String> state = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      if (r.key() == null || !selected.test(r)) {
        continue;
      }
      if (next != null && r.offset() >= (r.partition() < next.length ? next[r.partition()] : 0)) {
        continue;
      }
      String key = new String(r.key(), StandardCharsets.UTF_8);
      if (r.value() == null) {
        state.remove(key);
      } else {
        state.put(key, new String(r.value(), StandardCharsets.UTF_8));
      }
    }
    return state;
  }
}
