package dev.streamgate.failure;

import dev.streamgate.testing.Delivered;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A steady producer (acks=all, idempotent) writing {@code perTick} records every {@code tick}
 * round-robin over the partitions, keeping every acknowledged record.
 */
public final class LoadProducer implements AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer;
  private final ScheduledExecutorService timer;
  private final String topic;
  private final AtomicInteger partitions;
  private final List<Delivered> acked = new ArrayList<>();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private volatile boolean stopped;

  public LoadProducer(String bootstrap, String topic, int partitions) {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    props.put("linger.ms", "5");
    props.put("delivery.timeout.ms", "120000");
    props.put("request.timeout.ms", "10000");
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    this.producer = new KafkaProducer<>(props);
    this.topic = topic;
    this.partitions = new AtomicInteger(partitions);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "load-producer-" + topic);
              t.setDaemon(true);
              return t;
            });
  }

  /** Sends {@code perTick} records every {@code tick} until {@link #stop()}. */
  public LoadProducer start(int perTick, Duration tick) {
    timer.scheduleAtFixedRate(() -> sendBatch(perTick), 0, tick.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Sends {@code count} records now (round-robin) without waiting for their acks. */
  public void sendBatch(int count) {
    for (int i = 0; i < count && !stopped; i++) {
      long n = sent.getAndIncrement();
      int partition = (int) (n % partitions.get());
      byte[] value = ("v" + n).getBytes(StandardCharsets.UTF_8);
      producer.send(
          new ProducerRecord<>(topic, partition, null, value),
          (metadata, error) -> {
            if (error != null) {
              failed.incrementAndGet();
            } else {
              synchronized (acked) {
                acked.add(new Delivered(metadata.topic(), metadata.partition(), metadata.offset()));
              }
            }
          });
    }
  }

  /** From now on, spread over this many partitions (after partitions were added). */
  public void partitions(int count) {
    partitions.set(count);
  }

  public List<Delivered> acked() {
    synchronized (acked) {
      return List.copyOf(acked);
    }
  }

  public int ackedCount() {
    synchronized (acked) {
      return acked.size();
    }
  }

  public long failed() {
    return failed.get();
  }

  /** Stops sending and waits (bounded by the delivery timeout) for every send to complete. */
  public void stop() {
    timer.shutdown();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stopped = true;
    producer.flush();
  }

  @Override
  public void close() {
    if (!stopped) {
      timer.shutdownNow();
      stopped = true;
    }
    producer.close(Duration.ofSeconds(5));
  }
}
