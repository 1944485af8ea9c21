package dev.streamgate.tail;

import dev.streamgate.cursor.Cursor;
import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.kafka.TopicSnapshot;
import dev.streamgate.start.RunningReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The pod's one reader of a topic: a group-less consumer assigned every partition, polling on its
 * own thread and appending to the topic's {@link Window}, whatever the number of clients. Each
 * record gets its shared id (the topic's cursor after it, in this pod's merged order) once.
 *
 * <p>Kafka errors are retried with exponential backoff (up to 5 s). Partitions added to the topic
 * ({@link #growTo}) are read from their start.
 *
 * <p>It also keeps the topic's {@link KeyTable} current once a snapshot client asked for one: each
 * poll's records are folded in and its positions published under {@code tableLock}, the lock under
 * which the table is created at the reader's positions, so the table's build (records below them)
 * and the reader (records from them on) fold every record exactly once.
 */
public final class TopicTail implements RunningReader {

  private static final Logger LOG = Logger.getLogger(TopicTail.class);
  private static final AtomicLong THREADS = new AtomicLong();
  private static final long POLL_NANOS = 500_000_000L;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private final String topic;
  private final int fingerprint;
  private final Window window;
  private final Map<String, Object> consumerProperties;
  private final CursorCodec codec;
  private volatile int targetPartitions;
  private final PhasedListeners listeners;
  private final Thread thread;
  private final Set<Class<?>> reportedErrors = new HashSet<>();
  private final IntConsumer partitionsGrown;
  private final TopicSelections selections;
  private final SignalPacer pacer;
  private final SnapshotBuilds builds;
  private final Object tableLock = new Object();
  private volatile KeyTable table;
  private long[] prefix;
  private volatile long[] positions;
  private volatile long[] logStart;
  private volatile double[] lag;
  private volatile boolean running = true;
  private volatile boolean retired;
  private volatile String retiredBecause;
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  TopicTail(
      TopicSnapshot start,
      Map<String, Object> consumerProperties,
      CursorCodec codec,
      int windowRecords,
      long windowBytes,
      IntConsumer partitionsGrown) {
    this(
        start,
        consumerProperties,
        codec,
        windowRecords,
        windowBytes,
        partitionsGrown,
        new TopicSelections(64, "ce_type"),
        SignalPacer.immediate(),
        null);
  }

  TopicTail(
      TopicSnapshot start,
      Map<String, Object> consumerProperties,
      CursorCodec codec,
      int windowRecords,
      long windowBytes,
      IntConsumer partitionsGrown,
      TopicSelections selections,
      SignalPacer pacer,
      SnapshotBuilds builds) {
    this.selections = selections;
    this.pacer = pacer;
    this.listeners = new PhasedListeners(pacer.phases());
    this.builds = builds;
    this.topic = start.topic();
    this.fingerprint = start.fingerprint();
    this.window = new Window(start.latest(), windowRecords, windowBytes);
    this.consumerProperties = consumerProperties;
    this.codec = codec;
    this.targetPartitions = start.partitions();
    this.prefix = start.latest().clone();
    this.positions = start.latest().clone();
    this.logStart = start.earliest().clone();
    this.lag = unknownLag(prefix.length);
    this.partitionsGrown = partitionsGrown;
    this.thread =
        new Thread(this::run, "streamgate-tail-" + THREADS.incrementAndGet() + "-" + topic);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Stops the reader and waits (bounded) for its thread to close the consumer. */
  void stop() {
    running = false;
    dropTable("its topic's reader stopped");
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public String topic() {
    return topic;
  }

  /**
   * Whether this reader no longer reads the topic incarnation its clients are on (the topic was
   * deleted or recreated, or its log was truncated under the reader). Its clients must end their
   * streams after their last id; their reconnects are planned afresh against what Kafka holds now.
   */
  public boolean retired() {
    return retired;
  }

  /** Why the reader retired ("topic deleted", "topic recreated", ...), null while it runs. */
  public String retiredBecause() {
    return retiredBecause;
  }

  /** Retires the reader: stops it and wakes its clients so they see {@link #retired()}. */
  void retire(String why) {
    if (!retired) {
      retiredBecause = why;
      retired = true;
      dropTable("its topic's reader retired");
      LOG.warnf("Reader of topic %s retired: %s; its clients will reconnect", topic, why);
      listeners.runAll();
      running = false;
      KafkaConsumer<byte[], byte[]> c = consumer;
      if (c != null) {
        c.wakeup();
      }
    }
  }

  @Override
  public int fingerprint() {
    return fingerprint;
  }

  public Window window() {
    return window;
  }

  /** The selections (filters, projections) its streams use, evaluated here once per record. */
  public TopicSelections selections() {
    return selections;
  }

  /**
   * The topic's latest-by-key table, created at this reader's positions (its build queued) when
   * there is none; any thread. Wait for it with {@link KeyTable#view}.
   *
   * @throws SnapshotRefused when this reader serves no snapshots (retired, or built without them)
   */
  public KeyTable keyTable() {
    synchronized (tableLock) {
      if (builds == null || retired || !running) {
        throw new SnapshotRefused(false, "The reader of topic " + topic + " is stopping");
      }
      if (table == null) {
        table = builds.start(topic, fingerprint, positions);
      }
      return table;
    }
  }

  private void dropTable(String why) {
    KeyTable dropped;
    synchronized (tableLock) {
      dropped = table;
      table = null;
    }
    if (dropped != null) {
      builds.dropped(dropped, why);
    }
  }

  /** The reader's next fetch offset per partition after its last poll. */
  public long[] positions() {
    return positions;
  }

  /**
   * The topic as this reader knows it, without asking Kafka: its incarnation, the log start offsets
   * of the last metadata check and, as the end, the reader's own positions (every record below them
   * is in the window or was evicted from it). A stream opened from this snapshot starts where a
   * stream opened from Kafka's answer would, or a few records earlier for {@code latest}: at most
   * what was committed but not yet polled when it connected.
   */
  @Override
  public TopicSnapshot snapshot() {
    long[] end = positions;
    long[] start = logStart;
    long[] earliest = new long[end.length];
    for (int p = 0; p < end.length; p++) {
      earliest[p] = Math.min(p < start.length ? start[p] : 0, end[p]);
    }
    return new TopicSnapshot(topic, fingerprint, earliest, end.clone());
  }

  /**
   * Whether a client whose next offsets are {@code next} can be resumed from this reader alone:
   * same partition count, not behind the window's oldest record and not past the reader's position
   * in any partition. Such a client needs no Kafka look-up: nothing it asks for was deleted before
   * the window has it, and nothing it asks for lies beyond what this pod has read.
   */
  @Override
  public boolean serves(long[] next) {
    long[] end = positions;
    if (retired || next.length != end.length) {
      return false;
    }
    for (int p = 0; p < end.length; p++) {
      if (next[p] > end[p]) {
        return false;
      }
    }
    return window.covers(next);
  }

  /** The log start offsets as the last metadata check saw them (for {@link #snapshot()}). */
  void logStart(long[] offsets) {
    logStart = offsets.clone();
  }

  /**
   * Records between this reader's position and the end of the partition's readable log (the last
   * stable offset, as it reads committed records), as of its last fetch; NaN before the first.
   * Computed from fetch responses, so reading it costs no request to Kafka.
   */
  public double lag(int partition) {
    double[] now = lag;
    return partition < now.length ? now[partition] : Double.NaN;
  }

  /** Called on the tail thread after new records were appended (must not block). */
  public void addListener(Runnable listener) {
    listeners.add(listener);
  }

  public void removeListener(Runnable listener) {
    listeners.remove(listener);
  }

  private void run() {
    long backoff = 100;
    while (running) {
      try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties)) {
        consumer = c;
        assign(c, prefix.length);
        while (running) {
          growIfAsked(c);
          pollOnce(c);
          backoff = 100;
        }
      } catch (WakeupException e) {
        // stop() asked us to leave
      } catch (RuntimeException e) {
        if (reportedErrors.add(e.getClass())) {
          LOG.warnf("Reader of topic %s failed (%s); retrying with backoff", topic, e.toString());
        }
        pause(backoff);
        backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
      }
    }
  }

  private void assign(KafkaConsumer<byte[], byte[]> c, int partitions) {
    List<TopicPartition> assignment = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      assignment.add(new TopicPartition(topic, p));
    }
    c.assign(assignment);
    for (int p = 0; p < partitions; p++) {
      c.seek(assignment.get(p), positions[p]);
    }
  }

  private void pollOnce(KafkaConsumer<byte[], byte[]> c) {
    ConsumerRecords<byte[], byte[]> records;
    try {
      records =
          c.poll(
              Duration.ofNanos(pacer.pollNanos(System.nanoTime(), listeners.size(), POLL_NANOS)));
    } catch (OffsetOutOfRangeException e) {
      // Retention overtook the reader, or the log is not the one it was reading (recreated or
      // truncated topic). Either way the window cannot continue exactly: clients reconnect and
      // their starts are planned against the log as it is now (with exact gaps or resets).
      retire("offsets out of range " + e.offsetOutOfRangePartitions());
      return;
    }
    for (ConsumerRecord<byte[], byte[]> record : records) {
      prefix[record.partition()] = record.offset() + 1;
      String id = codec.encode(Cursor.of(List.of(new TopicPosition(topic, fingerprint, prefix))));
      window.append(record, id, selections.evaluate(record));
    }
    long[] now = new long[prefix.length];
    double[] lagNow = new double[prefix.length];
    for (int p = 0; p < now.length; p++) {
      TopicPartition tp = new TopicPartition(topic, p);
      now[p] = c.position(tp);
      OptionalLong behind = c.currentLag(tp);
      lagNow[p] = behind.isPresent() ? behind.getAsLong() : Double.NaN;
    }
    lag = lagNow;
    boolean moved = !records.isEmpty() || !Arrays.equals(now, positions);
    synchronized (tableLock) {
      KeyTable keys = table;
      if (keys != null) {
        keys.apply(records, now);
      }
      positions = now;
    }
    KeyTable keys = table;
    if (keys != null && keys.unused(System.nanoTime())) {
      dropTable("unused for streamgate.snapshot.keep");
    }
    long at = System.nanoTime();
    if (moved) {
      pacer.moved(at);
    }
    int wake = pacer.take(at, listeners.size());
    if (wake != 0) {
      listeners.run(wake);
    }
  }

  /** Asks the reader to read partitions up to {@code partitions} (the topic grew). */
  void growTo(int partitions) {
    if (partitions > targetPartitions) {
      targetPartitions = partitions;
    }
  }

  private void growIfAsked(KafkaConsumer<byte[], byte[]> c) {
    int count = targetPartitions;
    if (count > prefix.length) {
      int before = prefix.length;
      prefix = Arrays.copyOf(prefix, count);
      positions = Arrays.copyOf(positions, count);
      double[] grown = unknownLag(count);
      System.arraycopy(lag, 0, grown, 0, Math.min(lag.length, count));
      lag = grown;
      window.ensurePartitions(count);
      assign(c, count);
      partitionsGrown.accept(count);
      LOG.infof(
          "Topic %s grew from %d to %d partitions; reading the new ones from their start",
          topic, before, count);
    }
  }

  private static double[] unknownLag(int partitions) {
    double[] unknown = new double[partitions];
    Arrays.fill(unknown, Double.NaN);
    return unknown;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
