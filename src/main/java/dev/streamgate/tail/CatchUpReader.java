package dev.streamgate.tail;

import dev.streamgate.decode.RecordDecoder;
import dev.streamgate.decode.RecordDecoders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Reads one client's partitions from Kafka from its own position, for a client that is behind the
 * window, until it can join the window; each record decoded as the topic's reader would ({@link
 * RecordDecoder}, through the pod's one schema cache: a registry wait blocks this pool thread,
 * never the stream's event loop). One poll per {@link #fetch} call, run on the catch-up pool; the
 * owner asks for the next poll only after it has sent the previous batch, so at most one poll of
 * records ({@code max-poll-records}) waits per client.
 *
 * <p>Threads: created, asked ({@link #fetch}), drained ({@link #take}) and closed by its stream's
 * event loop; its polls run on the catch-up pool, one at a time (the loop asks for the next only
 * after it took the last), so the consumer and its assignment are used by one pool thread at a
 * time, handed from poll to poll through the loop's take and fetch. {@code batch} and {@code
 * positions} are volatile (written by the pool, read by the loop); {@code closed} and {@code
 * polling} are guarded by this object's lock; the consumer is closed on the pool under {@code
 * consumerLock}, never concurrently with a poll. {@code onBatch} runs on the pool, {@code onClose}
 * on the thread that closes.
 */
public final class CatchUpReader {

  private static final Logger LOG = Logger.getLogger(CatchUpReader.class);
  private static final Duration POLL = Duration.ofMillis(500);

  /** What a poll produced. */
  public sealed interface Item {}

  /** A record to deliver. */
  public record Record(ConsumerRecord<byte[], byte[]> record) implements Item {}

  /** Retention deleted records before they could be read. */
  public record Gap(TopicPartition partition, long requested, long resumedAt) implements Item {}

  private final Map<String, Object> properties;
  private final Executor pool;
  private final RecordDecoders decoders;
  private final Map<String, RecordDecoder> decoderOf = new HashMap<>();
  private final Runnable onBatch;
  private final Runnable onClose;
  private KafkaConsumer<byte[], byte[]> consumer;
  private Map<TopicPartition, Long> assigned = Map.of();
  private volatile List<Item> batch;
  private volatile Map<TopicPartition, Long> positions = Map.of();
  private volatile boolean closed;

  /** A poll is running on the pool; then {@link #close} leaves closing the consumer to it. */
  private boolean polling; // guarded by this

  /** Serialises closing: a queued poll and the close task may both find the reader closed. */
  private final Object consumerLock = new Object();

  CatchUpReader(
      Map<String, Object> properties,
      Executor pool,
      RecordDecoders decoders,
      Runnable onBatch,
      Runnable onClose) {
    this.properties = properties;
    this.pool = pool;
    this.decoders = decoders;
    this.onBatch = onBatch;
    this.onClose = onClose;
  }

  /**
   * Polls once (on the pool) from these positions; {@code onBatch} runs when {@link #take()} has
   * the result. Partitions whose position is unchanged since the previous poll keep the consumer's
   * own position, which may be past transaction markers.
   */
  public void fetch(Map<TopicPartition, Long> from) {
    Map<TopicPartition, Long> request = Map.copyOf(from);
    pool.execute(() -> pollOnce(request));
  }

  /** The last poll's items (once), or null when none is ready. */
  public List<Item> take() {
    List<Item> items = batch;
    batch = null;
    return items;
  }

  /** The consumer's next fetch offsets after the last poll (past markers and compaction holes). */
  public Map<TopicPartition, Long> positions() {
    return positions;
  }

  /**
   * Releases the consumer, never concurrently with a poll (a consumer is single-threaded and the
   * pool has several): a running poll closes it when it ends, else a task on the pool does.
   */
  public void close() {
    boolean idle;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      idle = !polling;
    }
    onClose.run();
    if (idle) {
      pool.execute(this::closeConsumer);
    }
  }

  private void pollOnce(Map<TopicPartition, Long> from) {
    synchronized (this) {
      polling = !closed;
    }
    if (!polling()) {
      closeConsumer();
      return;
    }
    List<Item> items = poll(from);
    boolean closedMeanwhile;
    synchronized (this) {
      polling = false;
      closedMeanwhile = closed;
    }
    if (closedMeanwhile) {
      closeConsumer();
      return;
    }
    batch = items;
    onBatch.run();
  }

  private synchronized boolean polling() {
    return polling;
  }

  private List<Item> poll(Map<TopicPartition, Long> from) {
    List<Item> items = new ArrayList<>();
    try {
      if (consumer == null) {
        consumer = new KafkaConsumer<>(properties);
      }
      if (!from.keySet().equals(assigned.keySet())) {
        consumer.assign(from.keySet());
        from.forEach(consumer::seek);
        assigned = from;
      }
      try {
        for (ConsumerRecord<byte[], byte[]> read : consumer.poll(POLL)) {
          RecordDecoder decoder = decoderOf.computeIfAbsent(read.topic(), decoders::forTopic);
          items.add(new Record(decoder.serve(read)));
        }
      } catch (OffsetOutOfRangeException e) {
        Map<TopicPartition, Long> earliest =
            consumer.beginningOffsets(e.offsetOutOfRangePartitions().keySet());
        e.offsetOutOfRangePartitions()
            .forEach(
                (tp, requested) -> {
                  long first = earliest.get(tp);
                  consumer.seek(tp, Math.max(first, requested));
                  if (requested < first) {
                    items.add(new Gap(tp, requested, first));
                  }
                });
      }
      Map<TopicPartition, Long> now = new HashMap<>();
      for (TopicPartition tp : assigned.keySet()) {
        now.put(tp, consumer.position(tp));
      }
      positions = now;
    } catch (RuntimeException e) {
      LOG.warnf("Catch-up read failed (%s); retrying on the next poll", e.toString());
      closeConsumer();
    }
    return items;
  }

  /** Closes the consumer; on the pool only, so {@link #close} never waits for Kafka. */
  private void closeConsumer() {
    synchronized (consumerLock) {
      if (consumer != null) {
        consumer.close(Duration.ofSeconds(1));
        consumer = null;
        assigned = Map.of();
      }
    }
  }
}
