package dev.streamgate.bench.writefloor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The write floor's one Kafka reader: the settings of Streamgate's topic reader and of the
 * kafka-floor consumer (group-less {@code assign()} of every partition from its end, read_committed,
 * 500 records per poll, a 500 ms poll, fetch.min.bytes=1), and per poll one chunk of SSE frames
 * ({@code id: <partition>-<offset>}, {@code data: <value>}), plus one per key when connections
 * asked for keys, each encoded once and handed to every event loop. Values are written as they
 * are: the bench's payloads are one line of JSON.
 *
 * <p>Threads: its own ({@code write-floor-feed}); the loops only receive references.
 */
final class Feed implements Runnable {

  private final String bootstrap;
  private final String topic;
  private final Collection<Subscribers> loops;

  Feed(String bootstrap, String topic, Collection<Subscribers> loops) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.loops = loops;
  }

  @Override
  public void run() {
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        partitions.add(new TopicPartition(topic, p.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      for (TopicPartition tp : partitions) {
        consumer.position(tp, Duration.ofSeconds(20));
      }
      while (!Thread.currentThread().isInterrupted()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
        if (!records.isEmpty()) {
          publish(records);
        }
      }
    } catch (RuntimeException e) {
      System.err.println("write-floor: the feed stopped: " + e);
      System.exit(1);
    }
  }

  private void publish(ConsumerRecords<byte[], byte[]> records) {
    List<byte[]> all = new ArrayList<>();
    Map<String, List<byte[]>> byKey = Subscribers.keyed() > 0 ? new HashMap<>() : Map.of();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      byte[] frame = frame(r);
      all.add(frame);
      if (Subscribers.keyed() > 0 && r.key() != null) {
        byKey
            .computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
            .add(frame);
      }
    }
    ByteBuf everything = chunk(all);
    Map<String, ByteBuf> perKey = new HashMap<>();
    byKey.forEach((key, frames) -> perKey.put(key, chunk(frames)));
    for (Subscribers loop : loops) {
      everything.retain();
      perKey.values().forEach(ByteBuf::retain);
      loop.write(everything, perKey);
    }
    everything.release();
    perKey.values().forEach(ByteBuf::release);
  }

  private static byte[] frame(ConsumerRecord<byte[], byte[]> r) {
    byte[] head =
        ("id: " + r.partition() + "-" + r.offset() + "\ndata: ").getBytes(StandardCharsets.US_ASCII);
    byte[] value = r.value() == null ? new byte[0] : r.value();
    byte[] frame = new byte[head.length + value.length + 2];
    System.arraycopy(head, 0, frame, 0, head.length);
    System.arraycopy(value, 0, frame, head.length, value.length);
    frame[frame.length - 2] = '\n';
    frame[frame.length - 1] = '\n';
    return frame;
  }

  /** One HTTP/1.1 chunk: its size in hex, CRLF, the frames, CRLF; in a pooled direct buffer. */
  private static ByteBuf chunk(List<byte[]> frames) {
    int size = 0;
    for (byte[] f : frames) {
      size += f.length;
    }
    byte[] line = (Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    ByteBuf chunk = PooledByteBufAllocator.DEFAULT.directBuffer(line.length + size + 2);
    chunk.writeBytes(line);
    for (byte[] f : frames) {
      chunk.writeBytes(f);
    }
    chunk.writeByte('\r').writeByte('\n');
    return chunk;
  }

  private Properties properties() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "write-floor");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
    p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }
}
