package dev.streamgate.tail;

import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.decode.RecordDecoder;
import dev.streamgate.kafka.TopicSnapshot;
import dev.streamgate.start.RunningReader;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

/**
 * The pod's one reader of a topic: a group-less consumer assigned every partition, polling on its
 * own thread and appending to the topic's {@link Window}, whatever the number of clients.
 *
 * <p>Its parts: the {@link PollLoop} makes the consumer with the factory the registry gives it,
 * retries failures with backoff and polls; the {@link WindowWriter} does each poll's bookkeeping
 * (shared ids, window, verdicts, positions, wake-ups), which tests drive through {@link #polled};
 * the {@link TableHandOff} keeps the topic's {@link KeyTable} and the positions under one lock.
 *
 * <p>Its lifecycle is one {@link TailLifecycle}: started by the registry, then either retired (the
 * topic was deleted or recreated, or its offsets went out of range: its clients must reconnect) or
 * stopped (no client left, or shutdown), whichever comes first, exactly once.
 *
 * <p>Threads: the poll thread owns the consumer and the writer (the window's one writer); it
 * publishes positions and lag as new arrays after each poll. {@link #retire} comes from the poll
 * thread (offsets out of range) or the registry's stopper thread (metadata check), {@link #stop}
 * from the stopper thread or shutdown: each changes the lifecycle by compare-and-set, and only the
 * winner's side effects run; then it wakes the consumer and the backoff, and never touches the
 * consumer otherwise. {@link #growTo} and {@link #logStart} come from the stopper thread (volatile
 * fields); listeners come and go on event loops and open threads (a concurrent set); {@link
 * #keyTable} is asked on open threads.
 */
public final class TopicTail implements RunningReader {

  private static final Logger LOG = Logger.getLogger(TopicTail.class);
  private static final AtomicLong THREADS = new AtomicLong();

  private final String topic;
  private final int fingerprint;
  private final Window window;
  private final TopicSelections selections;
  private final ConflationGroups conflation;
  private final PhasedListeners listeners;
  private final TailLifecycle life = new TailLifecycle();
  private final TableHandOff table;
  private final WindowWriter writer;
  private final PollLoop loop;
  private final Thread thread;
  private volatile long[] logStart;

  /**
   * @param consumers makes the reader's consumer (group-less, read-committed, raw bytes); called
   *     again after a failure
   * @param partitionsGrown told, on the poll thread, when the reader starts reading new partitions
   * @param builds the pod's snapshot builds, or null for a reader that serves no snapshots
   * @param decoder the topic's record decoder ({@link RecordDecoder#OFF} without a registry)
   */
  TopicTail(
      TopicSnapshot start,
      Supplier<Consumer<byte[], byte[]>> consumers,
      CursorCodec codec,
      int windowRecords,
      long windowBytes,
      IntConsumer partitionsGrown,
      TopicSelections selections,
      ConflationGroups conflation,
      SignalPacer pacer,
      SnapshotBuilds builds,
      RecordDecoder decoder) {
    this.topic = start.topic();
    this.fingerprint = start.fingerprint();
    this.window = new Window(start.latest(), windowRecords, windowBytes);
    this.selections = selections;
    this.conflation = conflation;
    this.listeners = new PhasedListeners(pacer.phases(), windowRecords, windowBytes);
    this.table = new TableHandOff(topic, fingerprint, start.latest(), builds, life::running);
    this.writer =
        new WindowWriter(
            topic,
            fingerprint,
            codec,
            window,
            selections,
            conflation,
            table,
            pacer,
            listeners,
            decoder,
            start.latest());
    this.loop = new PollLoop(topic, consumers, life, writer, partitionsGrown, this::retire);
    this.logStart = start.earliest().clone();
    this.thread = new Thread(loop, "streamgate-tail-" + THREADS.incrementAndGet() + "-" + topic);
    this.thread.setDaemon(true);
  }

  /** Starts the poll thread, unless the reader was retired or stopped before it started. */
  void start() {
    if (life.start()) {
      thread.start();
    }
  }

  /**
   * Stops the reader and waits (bounded) for its thread to close the consumer. A retired reader
   * stays retired; a stopped one stops once.
   */
  void stop() {
    life.stop();
    table.drop("its topic's reader stopped");
    loop.wake();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Retires the reader: ends it and wakes its clients so they see {@link #retired()}. Only the
   * first retire or stop has an effect, whichever thread calls it.
   *
   * @return whether this call retired it
   */
  boolean retire(String why) {
    if (!life.retire(why)) {
      return false;
    }
    table.drop("its topic's reader retired");
    LOG.warnf("Reader of topic %s retired: %s; its clients will reconnect", topic, why);
    listeners.runAll();
    conflation.wakeAll();
    if (Thread.currentThread() != thread) {
      loop.wake();
    }
    return true;
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
    return life.retired();
  }

  /** Why the reader retired ("topic deleted", "topic recreated", ...), null while it runs. */
  public String retiredBecause() {
    return life.state().reason();
  }

  /** The reader's lifecycle phase, for tests and logs. */
  TailLifecycle.Phase phase() {
    return life.state().phase();
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

  /** The conflation groups of its conflated streams, folded here once per record each. */
  public ConflationGroups conflation() {
    return conflation;
  }

  /**
   * The topic's latest-by-key table, created at this reader's positions (its build queued) when
   * there is none; any thread. Wait for it with {@link KeyTable#view}.
   *
   * @throws SnapshotRefused when this reader serves no snapshots (not running, or built without)
   */
  public KeyTable keyTable() {
    return table.table();
  }

  /** The reader's next fetch offset per partition after its last poll. */
  public long[] positions() {
    return table.positions();
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
    long[] end = positions();
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
    long[] end = positions();
    if (retired() || next.length != end.length) {
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
    return writer.lag(partition);
  }

  /**
   * Runs {@code listener} on the tail thread at each due wake-up after new records were appended
   * (must not block), and when the reader retires.
   */
  public void addListener(Runnable listener) {
    listeners.add(listener);
  }

  /**
   * Runs {@code listener}, whose stream takes only records with these keys (its {@code key} filter;
   * empty: every record), as {@link #addListener(Runnable)} does until it is {@link #settle
   * settled}; from then on only at the due wake-ups after a record with one of its keys (or an
   * undecodable key) was appended, at least once per quarter window ({@link PhasedListeners}), and
   * when the reader retires.
   */
  public void addListener(Runnable listener, Set<String> keys) {
    listeners.add(listener, keys);
  }

  /**
   * Whether a keyed listener's stream is settled: caught up, and at its window's end, so that only
   * records appended from now on can concern it. Its stream's event loop tells it when this
   * changes; no effect on an unkeyed listener.
   */
  public void settle(Runnable listener, boolean settled) {
    listeners.settle(listener, settled);
  }

  public void removeListener(Runnable listener) {
    listeners.remove(listener);
  }

  /** Streams woken by this reader's polls so far, {@code keyed} or not (meters). */
  long wakeUps(boolean keyed) {
    return keyed ? listeners.keyedWakeUps() : listeners.unkeyedWakeUps();
  }

  /**
   * The bookkeeping of one poll ({@link WindowWriter#polled}), on the poll thread; tests call it on
   * a reader they never started, as its poll thread would.
   */
  void polled(Iterable<ConsumerRecord<byte[], byte[]>> records, long[] now, double[] lagNow) {
    writer.polled(records, now, lagNow);
  }

  /** How long the reader's next poll would block now, at most 500 ms (tests). */
  long pollNanosForTest() {
    return writer.pollNanos(500_000_000L);
  }

  /** Asks the reader to read partitions up to {@code partitions} (the topic grew). */
  void growTo(int partitions) {
    loop.growTo(partitions);
  }
}
