package dev.streamgate.tail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * A topic reader's poll thread: makes a consumer from the reader's factory, assigns it every
 * partition at the reader's positions, and polls while the reader runs, handing each poll's
 * records, positions and lag to the {@link WindowWriter}. Any failure (making the consumer,
 * assigning, polling) closes the consumer and makes a new one after an exponential backoff (100 ms
 * doubling up to 5 s, cut short when the reader ends); each kind of failure is logged once. An
 * offsets-out-of-range retires the reader.
 *
 * <p>Threads: its own thread owns the consumer; {@link #wake} (any thread) only calls the
 * consumer's {@code wakeup()}, its one thread-safe method, to end a poll when the reader ended.
 * {@link #growTo} comes from the registry's stopper thread (a volatile target the loop reads before
 * each poll).
 */
final class PollLoop implements Runnable {

  private static final Logger LOG = Logger.getLogger(PollLoop.class);
  private static final long POLL_NANOS = 500_000_000L;
  private static final long FIRST_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private final String topic;
  private final Supplier<Consumer<byte[], byte[]>> consumers;
  private final TailLifecycle life;
  private final WindowWriter writer;
  private final IntConsumer partitionsGrown;
  private final java.util.function.Consumer<String> retire;
  private final Set<Class<?>> reportedErrors = new HashSet<>();
  private volatile int targetPartitions;
  private volatile Consumer<byte[], byte[]> consumer;

  /**
   * @param partitionsGrown told when the loop starts reading new partitions
   * @param retire retires the reader (offsets out of range), on this loop's thread
   */
  PollLoop(
      String topic,
      Supplier<Consumer<byte[], byte[]>> consumers,
      TailLifecycle life,
      WindowWriter writer,
      IntConsumer partitionsGrown,
      java.util.function.Consumer<String> retire) {
    this.topic = topic;
    this.consumers = consumers;
    this.life = life;
    this.writer = writer;
    this.partitionsGrown = partitionsGrown;
    this.retire = retire;
    this.targetPartitions = writer.partitions();
  }

  /** Ends the current poll at once (the reader ended); harmless when there is none. */
  void wake() {
    Consumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
  }

  /** Reads partitions up to {@code partitions} from the next poll on (the topic grew). */
  void growTo(int partitions) {
    if (partitions > targetPartitions) {
      targetPartitions = partitions;
    }
  }

  @Override
  public void run() {
    long backoff = FIRST_BACKOFF_MILLIS;
    while (life.running()) {
      try (Consumer<byte[], byte[]> c = consumers.get()) {
        consumer = c; // published before the phase is read again: an ending after this wakes c
        assign(c, writer.partitions());
        while (life.running()) {
          growIfAsked(c);
          pollOnce(c);
          backoff = FIRST_BACKOFF_MILLIS;
        }
      } catch (WakeupException e) {
        // the reader ended during a poll; the loop's check sees it
      } catch (RuntimeException e) {
        if (reportedErrors.add(e.getClass())) {
          LOG.warnf("Reader of topic %s failed (%s); retrying with backoff", topic, e.toString());
        }
        life.pause(backoff);
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
      }
    }
    consumer = null;
  }

  private void assign(Consumer<byte[], byte[]> c, int partitions) {
    List<TopicPartition> assignment = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      assignment.add(new TopicPartition(topic, p));
    }
    c.assign(assignment);
    long[] from = writer.positions();
    for (int p = 0; p < partitions; p++) {
      c.seek(assignment.get(p), from[p]);
    }
  }

  /** Polls Kafka once, reads the positions and lag after it, and hands them to the writer. */
  private void pollOnce(Consumer<byte[], byte[]> c) {
    ConsumerRecords<byte[], byte[]> records;
    try {
      records = c.poll(Duration.ofNanos(writer.pollNanos(POLL_NANOS)));
    } catch (OffsetOutOfRangeException e) {
      // Retention overtook the reader, or the log is not the one it was reading (recreated or
      // truncated topic). Either way the window cannot continue exactly: clients reconnect and
      // their starts are planned against the log as it is now (with exact gaps or resets).
      retire.accept("offsets out of range " + e.offsetOutOfRangePartitions());
      return;
    }
    long[] now = new long[writer.partitions()];
    double[] lag = new double[now.length];
    for (int p = 0; p < now.length; p++) {
      TopicPartition tp = new TopicPartition(topic, p);
      now[p] = c.position(tp);
      OptionalLong behind = c.currentLag(tp);
      lag[p] = behind.isPresent() ? behind.getAsLong() : Double.NaN;
    }
    writer.polled(records, now, lag);
  }

  private void growIfAsked(Consumer<byte[], byte[]> c) {
    int count = targetPartitions;
    int before = writer.partitions();
    if (count > before) {
      writer.grow(count);
      assign(c, count);
      partitionsGrown.accept(count);
      LOG.infof(
          "Topic %s grew from %d to %d partitions; reading the new ones from their start",
          topic, before, count);
    }
  }
}
