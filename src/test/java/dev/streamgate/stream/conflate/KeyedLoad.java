package dev.streamgate.stream.conflate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Keyed records at a steady rate: every 10 ms a tick sends {@code rate / 100} records, key {@code
 * k<n>} round-robin over {@code keys} keys, each key always to the same partition, value {@code
 * {"k":"k<n>","n":<seq>}}; every {@code tombstoneEvery}-th record a tombstone instead (0: none).
 */
final class KeyedLoad implements AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "test-keyed-load");
            t.setDaemon(true);
            return t;
          });
  private final String topic;
  private final int partitions;
  private final int keys;
  private final int tombstoneEvery;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private long limit;

  KeyedLoad(String bootstrap, String topic, int partitions, int keys, int tombstoneEvery) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    props.put("linger.ms", "5");
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    this.producer = new KafkaProducer<>(props);
    this.topic = topic;
    this.partitions = partitions;
    this.keys = keys;
    this.tombstoneEvery = tombstoneEvery;
  }

  /** Sends {@code count} records as fast as the producer takes them, then waits for the acks. */
  void burst(long count) {
    for (long i = 0; i < count; i++) {
      sendNext();
    }
    producer.flush();
  }

  /** Starts sending {@code rate} records a second until {@code count} were sent. */
  void start(int rate, long count) {
    limit = count;
    int perTick = Math.max(1, rate / 100);
    timer.scheduleAtFixedRate(
        () -> {
          for (int i = 0; i < perTick && sent.get() < limit; i++) {
            sendNext();
          }
        },
        0,
        10,
        TimeUnit.MILLISECONDS);
  }

  /** Whether the paced sending ended (all sent and acknowledged). */
  boolean done() {
    if (sent.get() < limit) {
      return false;
    }
    producer.flush();
    return true;
  }

  long sent() {
    return sent.get();
  }

  long failed() {
    return failed.get();
  }

  private void sendNext() {
    long n = sent.getAndIncrement();
    int key = (int) (n % keys);
    boolean tombstone = tombstoneEvery > 0 && n % tombstoneEvery == tombstoneEvery - 1;
    String value = tombstone ? null : "{\"k\":\"k" + key + "\",\"n\":" + n + "}";
    producer.send(
        new ProducerRecord<>(
            topic,
            key % partitions,
            ("k" + key).getBytes(StandardCharsets.UTF_8),
            value == null ? null : value.getBytes(StandardCharsets.UTF_8)),
        (metadata, e) -> {
          if (e != null) {
            failed.incrementAndGet();
          }
        });
  }

  @Override
  public void close() {
    timer.shutdownNow();
    producer.close(Duration.ofSeconds(5));
  }
}
