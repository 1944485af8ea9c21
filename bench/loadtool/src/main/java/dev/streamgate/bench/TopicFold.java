package dev.streamgate.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The topic's state, read back from Kafka after the production: one plain consumer reads every
 * partition from its start to the end offsets of now and folds key → the latest value's sequence,
 * the map every client must end with. Each record's Kafka key must be the key its value names
 * ({@link KeyRing}); a record whose key or value is not of the production is counted.
 */
final class TopicFold {
  private final long[] latest;
  private long records;
  private long foreign;

  private TopicFold(int keys) {
    latest = new long[keys];
    Arrays.fill(latest, -1);
  }

  /** Per key the latest sequence (-1 for a key never written). */
  long[] latest() {
    return latest.clone();
  }

  /** Records read. */
  long records() {
    return records;
  }

  /** Records whose key or value is not the production's, or whose key is not the one its value names. */
  long foreign() {
    return foreign;
  }

  /** Folds {@code topic} up to its end offsets of now; at most {@code bound} to read it. */
  static TopicFold read(String bootstrap, String topic, KeyRing ring, Duration bound) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    TopicFold fold = new TopicFold(ring.keys());
    Payload.Fields f = new Payload.Fields();
    long deadline = System.nanoTime() + bound.toNanos();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props)) {
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = 0; p < ring.partitions(); p++) tps.add(new TopicPartition(topic, p));
      c.assign(tps);
      c.seekToBeginning(tps);
      Map<TopicPartition, Long> end = c.endOffsets(tps, bound);
      while (!reached(c, end)) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("the topic's fold took longer than " + bound.toSeconds() + " s");
        for (ConsumerRecord<byte[], byte[]> rec : c.poll(Duration.ofMillis(200))) {
          fold.records++;
          byte[] v = rec.value();
          int k = ring.parse(rec.key());
          if (v == null || !Payload.parse(v, v.length, f) || k < 0 || ring.index(f.p, f.s) != k || f.p != rec.partition()) {
            fold.foreign++;
            continue;
          }
          fold.latest[k] = f.s; // per partition in offset order, and a key lives in one partition
        }
      }
    }
    return fold;
  }

  private static boolean reached(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) if (c.position(e.getKey()) < e.getValue()) return false;
    return true;
  }
}
