package dev.streamgate.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Test-side Kafka access: create topics, produce records, delete records as retention would. A
 * {@code @QuarkusTest} gets the JVM's one instance in a field marked {@link InjectKafka}.
 */
public final class KafkaTestSupport implements AutoCloseable {

  private final Admin admin;
  private final KafkaProducer<byte[], byte[]> producer;
  private final String bootstrapServers;

  public KafkaTestSupport(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers);
    this.admin = Admin.create(props);
    Properties producerProps = new Properties();
    producerProps.putAll(props);
    producerProps.put("acks", "all");
    producerProps.put("enable.idempotence", "true");
    producerProps.put("key.serializer", ByteArraySerializer.class.getName());
    producerProps.put("value.serializer", ByteArraySerializer.class.getName());
    this.producer = new KafkaProducer<>(producerProps);
  }

  /** A fresh topic name, so tests never see each other's records. */
  public static String uniqueTopic(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public String createTopic(String name, int partitions) {
    get(admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all());
    return name;
  }

  public void deleteTopic(String name) {
    get(admin.deleteTopics(List.of(name)).all());
  }

  public Admin admin() {
    return admin;
  }

  /** Sends and waits for the ack; returns where the record landed. */
  public RecordMetadata send(ProducerRecord<byte[], byte[]> record) {
    return get(producer.send(record));
  }

  public RecordMetadata send(String topic, int partition, String key, String value) {
    return send(
        new ProducerRecord<>(
            topic,
            partition,
            key == null ? null : key.getBytes(StandardCharsets.UTF_8),
            value == null ? null : value.getBytes(StandardCharsets.UTF_8)));
  }

  public RecordMetadata sendTyped(String topic, int partition, String type, String value) {
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(topic, partition, null, value.getBytes(StandardCharsets.UTF_8));
    record.headers().add(new RecordHeader("ce_type", type.getBytes(StandardCharsets.UTF_8)));
    return send(record);
  }

  /**
   * Sends {@code perPartition} records to every partition, values "p{partition}-{index}", and
   * returns them in send order as "topic/partition/offset" strings.
   */
  public List<String> fill(String topic, int partitions, int perPartition, String tag) {
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < perPartition; i++) {
      for (int p = 0; p < partitions; p++) {
        RecordMetadata m = send(topic, p, "k" + p, tag + "-p" + p + "-" + i);
        sent.add(m.topic() + "/" + m.partition() + "/" + m.offset());
      }
    }
    return sent;
  }

  /**
   * Sends {@code count} records to one partition in one transaction, so that a read_committed
   * reader sees them all at once: a burst as large as its poll allows. Returns them as
   * "topic/partition/offset" strings.
   */
  public List<String> burst(String topic, int partition, int count, String tag) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers);
    props.put("transactional.id", "burst-" + UUID.randomUUID());
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    List<java.util.concurrent.Future<RecordMetadata>> acks = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> tx = new KafkaProducer<>(props)) {
      tx.initTransactions();
      tx.beginTransaction();
      for (int i = 0; i < count; i++) {
        byte[] value = (tag + "-p" + partition + "-" + i).getBytes(StandardCharsets.UTF_8);
        acks.add(tx.send(new ProducerRecord<>(topic, partition, null, value)));
      }
      tx.commitTransaction();
      List<String> sent = new ArrayList<>();
      for (java.util.concurrent.Future<RecordMetadata> ack : acks) {
        RecordMetadata m = get(ack);
        sent.add(m.topic() + "/" + m.partition() + "/" + m.offset());
      }
      return sent;
    }
  }

  /** Advances a partition's log start offset exactly as retention would. */
  public void deleteRecordsBefore(String topic, int partition, long offset) {
    Map<TopicPartition, RecordsToDelete> request = new HashMap<>();
    request.put(new TopicPartition(topic, partition), RecordsToDelete.beforeOffset(offset));
    get(admin.deleteRecords(request).all());
  }

  private static <T> T get(java.util.concurrent.Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(5));
  }
}
