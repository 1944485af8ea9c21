package dev.streamgate.tail;

import dev.streamgate.conflate.Change;
import dev.streamgate.conflate.ConflateWindow;
import dev.streamgate.conflate.Fold;
import dev.streamgate.wire.EventTypes;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The conflated streams of one topic that share a window, a selection ({@code filter}, {@code
 * fields}, the caller's claim) and key and type filters: the topic's reader folds each record that
 * passes them into the group's open window once, whatever the number of streams, and at the
 * window's boundary on the clock closes it into a {@link ConflatedBatch} (when it holds anything: a
 * quiet window closes nothing, and the next batch starts where the last one ended). It keeps its
 * recent batches for streams that have not taken them yet, and wakes its streams once per batch.
 *
 * <p>Threads: the fold, the window's end and the kept batches are the reader's poll thread's (the
 * window's one writer); the batches are published to the streams' event loops through a volatile
 * array, replaced at each close; listeners come and go on any thread (a concurrent set) and are run
 * on the reader's thread; the stream count is guarded by the topic's {@link ConflationGroups}.
 */
public final class ConflationGroup {

  private static final ConflatedBatch[] NONE = new ConflatedBatch[0];

  private final String key;
  private final ConflateWindow window;
  private final TopicSelections.Group selection;
  private final BiPredicate<ConsumerRecord<byte[], byte[]>, String> accepts;
  private final ConflationGroups topic;
  private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();
  private final Fold<BatchEntry> open = new Fold<>();
  private final ArrayDeque<ConflatedBatch> kept = new ArrayDeque<>();
  private volatile ConflatedBatch[] log = NONE;
  private long[] lo;
  private long windowEnd;
  private long nextIndex;
  private long keptBytes;
  int streams;

  ConflationGroup(
      String key,
      ConflateWindow window,
      TopicSelections.Group selection,
      BiPredicate<ConsumerRecord<byte[], byte[]>, String> accepts,
      ConflationGroups topic) {
    this.key = key;
    this.window = window;
    this.selection = selection;
    this.accepts = accepts;
    this.topic = topic;
  }

  String key() {
    return key;
  }

  public ConflateWindow window() {
    return window;
  }

  /**
   * The batches kept, oldest first, indexes without holes; empty before the first. A stream whose
   * next batch is older than the first has lost it and rebuilds it.
   */
  public ConflatedBatch[] log() {
    return log;
  }

  /** The bound of a fold's records ({@code max-pending-records}). */
  public int maxPendingRecords() {
    return topic.maxPendingRecords();
  }

  /** The bound of a fold's bytes ({@code max-pending-bytes}). */
  public long maxPendingBytes() {
    return topic.maxPendingBytes();
  }

  /** Wakes {@code listener} (a stream's signal) whenever a batch closes or the reader retires. */
  public void addListener(Runnable listener) {
    listeners.add(listener);
  }

  public void removeListener(Runnable listener) {
    listeners.remove(listener);
  }

  /**
   * Before a poll's records (reader thread): a group the reader serves for the first time starts at
   * the reader's position; a window that ended closes.
   */
  void beforePoll(long[] prefix, long nowMillis) {
    if (lo == null) {
      lo = prefix.clone();
      windowEnd = window.endAfter(nowMillis);
    } else if (nowMillis >= windowEnd) {
      if (!open.isEmpty()) {
        close(prefix);
      }
      windowEnd = window.endAfter(nowMillis);
    }
  }

  /** Folds a record that entered the window, if it passes the group's filters (reader thread). */
  void offer(WindowEntry entry, long[] prefix, String typeHeader) {
    if (lo == null) {
      return; // joined during this poll: served from the next, its streams read the window
    }
    byte[] key = entry.record().key();
    String type = entry.type(typeHeader, EventTypes::of);
    if (!accepts.test(entry.record(), type)) {
      return;
    }
    Selected verdict = selection == null ? null : selection.verdict(entry, type);
    if (verdict != null && !verdict.passes()) {
      return;
    }
    byte[] value = entry.record().value();
    open.add(
        new Change<>(
            key,
            entry.partition(),
            entry.offset(),
            entry.seq(),
            value == null,
            Change.weigh(key, value),
            new BatchEntry(entry, verdict, type)));
    if (open.over(topic.maxPendingRecords(), topic.maxPendingBytes())) {
      close(prefix);
    }
  }

  /** Nanoseconds until this group's window must close, or {@code Long.MAX_VALUE} (reader). */
  long nanosToClose(long nowMillis) {
    return open.isEmpty() ? Long.MAX_VALUE : Math.max(0, windowEnd - nowMillis) * 1_000_000L;
  }

  private void close(long[] prefix) {
    long[] hi = prefix.clone();
    ConflatedBatch batch = new ConflatedBatch(nextIndex++, lo, hi, open.drain());
    lo = hi;
    kept.addLast(batch);
    keptBytes += batch.bytes();
    while (keptBytes > topic.batchLogBytes() && kept.size() > 1) {
      keptBytes -= kept.removeFirst().bytes();
    }
    log = kept.toArray(NONE);
    topic.closed();
    wake();
  }

  void wake() {
    listeners.forEach(Runnable::run);
  }
}
