package dev.streamgate.failure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The truth: every offset a topic's partitions hold now, read straight from Kafka. */
public final class TopicLog {

  private TopicLog() {}

  /** Offsets per partition, in log order, from the log start to the end (read_committed). */
  public static Map<Integer, List<Long>> read(String bootstrap, String topic) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", "false");
    props.put("key.deserializer", ByteArrayDeserializer.class.getName());
    props.put("value.deserializer", ByteArrayDeserializer.class.getName());
    props.put("max.poll.records", "5000");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      Map<Integer, List<Long>> offsets = new TreeMap<>();
      partitions.forEach(tp -> offsets.put(tp.partition(), new ArrayList<>()));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Could not read " + topic + " to its end in 60 s");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          offsets.get(r.partition()).add(r.offset());
        }
      }
      return offsets;
    }
  }

  private static boolean reached(
      KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    Map<TopicPartition, Long> behind = new HashMap<>();
    end.forEach(
        (tp, e) -> {
          if (consumer.position(tp, Duration.ofSeconds(30)) < e) {
            behind.put(tp, e);
          }
        });
    return behind.isEmpty();
  }

  public static int size(Map<Integer, List<Long>> log) {
    return log.values().stream().mapToInt(List::size).sum();
  }
}
