package dev.streamgate.tail;

import dev.streamgate.decode.RecordDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The one read of a topic that builds its {@link KeyTable}: its own group-less consumer reads every
 * partition from its earliest offset up to the table's {@code from} (the reader's position when the
 * table was asked for) and folds the records in, each decoded as the topic's reader decodes it
 * ({@link RecordDecoder}), so the table's records are what the live ones are; the topic's reader
 * folds in the rest. Runs on the snapshot build pool ({@code streamgate.snapshot.build-threads}),
 * never on an event loop or the topic's poll thread (a registry wait blocks the build's thread).
 * Gives up above the table's bounds or after {@code build-timeout}.
 */
final class TableBuild implements Runnable {

  private static final Logger LOG = Logger.getLogger(TableBuild.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final KeyTable table;
  private final Map<String, Object> consumerProperties;
  private final SnapshotBuilds builds;
  private final RecordDecoder decoder;

  TableBuild(
      KeyTable table,
      Map<String, Object> consumerProperties,
      SnapshotBuilds builds,
      RecordDecoder decoder) {
    this.table = table;
    this.consumerProperties = consumerProperties;
    this.builds = builds;
    this.decoder = decoder;
  }

  @Override
  public void run() {
    String topic = table.topic();
    long[] from = table.from();
    long deadline = builds.nanoTime() + builds.buildTimeoutNanos();
    consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    LatestByKey base = new LatestByKey();
    long read = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < from.length; p++) {
        if (from[p] > 0) {
          partitions.add(new TopicPartition(topic, p));
        }
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (!done(consumer, partitions, from)) {
        if (builds.nanoTime() > deadline) {
          builds.built(topic, "timeout", read);
          table.fail(false, "The snapshot of topic " + topic + " took too long to build");
          return;
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          read++;
          if (record.offset() < from[record.partition()]) {
            base.apply(decoder.serve(record));
          }
        }
        if (builds.tooLarge(base.keys(), base.bytes())) {
          builds.built(topic, "too-large", read);
          table.fail(true, builds.tooLargeDetail(topic));
          return;
        }
      }
    } catch (RuntimeException e) {
      LOG.warnf("The snapshot table of topic %s could not be built: %s", topic, e.toString());
      builds.built(topic, "failed", read);
      table.fail(false, "The snapshot of topic " + topic + " could not be read from Kafka");
      return;
    }
    builds.built(topic, "built", read);
    table.built(base);
  }

  private static boolean done(
      KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, long[] from) {
    for (TopicPartition tp : partitions) {
      if (consumer.position(tp) < from[tp.partition()]) {
        return false;
      }
    }
    return true;
  }
}
