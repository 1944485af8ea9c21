package dev.streamgate.tail;

import dev.streamgate.cursor.Cursor;
import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.decode.RecordDecoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a topic reader does with each poll, apart from Kafka: decodes each record once ({@link
 * RecordDecoder}: what every stream, selection, conflation group and key table of the pod then
 * sees), gives it its shared id (the topic's cursor after it, in this pod's merged order) and
 * appends it to the window with its selections' verdicts, folds the records into the key table and
 * publishes the positions ({@link TableHandOff}), publishes the lag, and wakes the streams the
 * pacer says are due: in a due group every unkeyed stream, and the keyed streams that a record
 * appended since the group's last wake-up concerns (its key, or a sweep: {@link PhasedListeners}
 * states the rule). Conflation groups ({@link ConflationGroups}) close their windows before a
 * poll's records and fold each record after it enters the window.
 *
 * <p>Threads: the reader's poll thread only (the window's one writer), except {@link #lag}, read by
 * any thread from a volatile array that is replaced, never changed. Decoding a record whose schema
 * id is not cached waits for the registry here, on the poll thread (at most {@code
 * wait-for-registry}), so the topic's order is kept; no event loop ever waits for it. Tests drive
 * it from their own thread on a reader they never started.
 */
final class WindowWriter {

  private final String topic;
  private final int fingerprint;
  private final CursorCodec codec;
  private final Window window;
  private final TopicSelections selections;
  private final ConflationGroups conflation;
  private final TableHandOff table;
  private final SignalPacer pacer;
  private final PhasedListeners listeners;
  private final RecordDecoder decoder;
  private long[] prefix;
  private volatile double[] lag;

  WindowWriter(
      String topic,
      int fingerprint,
      CursorCodec codec,
      Window window,
      TopicSelections selections,
      ConflationGroups conflation,
      TableHandOff table,
      SignalPacer pacer,
      PhasedListeners listeners,
      RecordDecoder decoder,
      long[] start) {
    this.topic = topic;
    this.fingerprint = fingerprint;
    this.codec = codec;
    this.window = window;
    this.selections = selections;
    this.conflation = conflation;
    this.table = table;
    this.pacer = pacer;
    this.listeners = listeners;
    this.decoder = decoder;
    this.prefix = start.clone();
    this.lag = unknownLag(prefix.length);
  }

  /** The partitions read. */
  int partitions() {
    return prefix.length;
  }

  /** The positions published after the last poll (where a new consumer seeks to). */
  long[] positions() {
    return table.positions();
  }

  /**
   * The bookkeeping of one poll.
   *
   * @param now the consumer's next fetch offset per partition after the poll
   * @param lagNow the consumer's lag per partition after the poll (NaN where unknown)
   */
  void polled(Iterable<ConsumerRecord<byte[], byte[]>> records, long[] now, double[] lagNow) {
    List<ConsumerRecord<byte[], byte[]>> served = decoder.decodes() ? new ArrayList<>() : null;
    int appended = 0;
    conflation.beforePoll(prefix);
    for (ConsumerRecord<byte[], byte[]> read : records) {
      ConsumerRecord<byte[], byte[]> record = decoder.serve(read);
      if (served != null) {
        served.add(record);
      }
      prefix[record.partition()] = record.offset() + 1;
      String id = codec.encode(Cursor.of(List.of(new TopicPosition(topic, fingerprint, prefix))));
      WindowEntry entry = window.append(record, id, selections.evaluate(record));
      listeners.appended(record, entry.bytes());
      conflation.offer(entry, prefix);
      appended++;
    }
    lag = lagNow;
    boolean moved = appended > 0 || !Arrays.equals(now, table.positions());
    table.publish(served != null ? served : records, now);
    long at = System.nanoTime();
    if (moved) {
      pacer.moved(at);
    }
    int wake = pacer.take(at, listeners.size());
    if (wake != 0) {
      listeners.run(wake);
    }
  }

  /**
   * How long the next poll may block: until the first owed wake-up or conflation window's end, at
   * most {@code pollNanos}.
   */
  long pollNanos(long pollNanos) {
    return conflation.nanosToClose(pacer.pollNanos(System.nanoTime(), listeners.size(), pollNanos));
  }

  /** Reads {@code partitions} partitions from now on, the new ones from their start. */
  void grow(int partitions) {
    prefix = Arrays.copyOf(prefix, partitions);
    table.grow(partitions);
    double[] grown = unknownLag(partitions);
    System.arraycopy(lag, 0, grown, 0, Math.min(lag.length, partitions));
    lag = grown;
    window.ensurePartitions(partitions);
  }

  /** The partition's lag as of the last poll, NaN before the first. */
  double lag(int partition) {
    double[] last = lag;
    return partition < last.length ? last[partition] : Double.NaN;
  }

  private static double[] unknownLag(int partitions) {
    double[] unknown = new double[partitions];
    Arrays.fill(unknown, Double.NaN);
    return unknown;
  }
}
