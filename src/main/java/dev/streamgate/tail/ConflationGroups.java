package dev.streamgate.tail;

import dev.streamgate.conflate.ConflateWindow;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The conflation groups of one topic's streams ({@link ConflationGroup}), folded by the topic's
 * reader once per record each, like its {@link TopicSelections}. A stream joins the group of its
 * window, selection and key and type filters; the last one to leave ends it.
 *
 * <p>Bounded: at most {@code max} groups per topic; {@link #join} answers null beyond (the opener
 * refuses the stream with 503). Each group's fold and kept batches are bounded by the pod's {@code
 * streamgate.conflate.*} settings.
 *
 * <p>Threads: joins and leaves come from the open pool, event loops and the topic directory's
 * thread, under this object's lock; the reader reads the volatile group array at the start of each
 * poll and serves those groups for that poll; the closed-batch count is written by the reader and
 * read at scrape time.
 */
public final class ConflationGroups {

  private static final ConflationGroup[] NONE = new ConflationGroup[0];

  private final ConflateConfig config;
  private final String typeHeader;
  private final LongSupplier clock;
  private final Map<String, ConflationGroup> groups = new HashMap<>();
  private volatile ConflationGroup[] all = NONE;
  private ConflationGroup[] serving = NONE;
  private volatile long closed;

  /**
   * @param typeHeader the header that holds the event type (for the groups' type filters)
   * @param clock the wall clock in epoch milliseconds: windows lie on its grid
   */
  public ConflationGroups(ConflateConfig config, String typeHeader, LongSupplier clock) {
    this.config = config;
    this.typeHeader = typeHeader;
    this.clock = clock;
  }

  /**
   * The group of this window, selection and key and type filters, joined; null when the topic has
   * {@code max-per-topic} groups already.
   *
   * @param selection the stream's selection group on the topic, or null when it selects everything
   * @param filterKey the key and type filters as text: equal filters, equal text
   * @param accepts the key and type filters
   */
  public synchronized ConflationGroup join(
      ConflateWindow window,
      TopicSelections.Group selection,
      String filterKey,
      BiPredicate<ConsumerRecord<byte[], byte[]>, String> accepts) {
    String key =
        window.millis()
            + "\n"
            + (selection == null ? "" : selection.selection().key())
            + "\n"
            + filterKey;
    ConflationGroup group = groups.get(key);
    if (group == null) {
      if (groups.size() >= config.maxPerTopic()) {
        return null;
      }
      group = new ConflationGroup(key, window, selection, accepts, this);
      groups.put(key, group);
      all = groups.values().toArray(NONE);
    }
    group.streams++;
    return group;
  }

  /** A stream of the group left; the last one ends the group. */
  public synchronized void leave(ConflationGroup group) {
    if (--group.streams == 0 && groups.remove(group.key(), group)) {
      all = groups.values().toArray(NONE);
    }
  }

  /** Groups in use on this topic. */
  public synchronized int size() {
    return groups.size();
  }

  /** Batches closed on this topic since its reader started. */
  public long batches() {
    return closed;
  }

  /** Before a poll's records (reader thread): windows that ended close at {@code prefix}. */
  void beforePoll(long[] prefix) {
    serving = all;
    if (serving.length == 0) {
      return;
    }
    long now = clock.getAsLong();
    for (ConflationGroup group : serving) {
      group.beforePoll(prefix, now);
    }
  }

  /** A record entered the window; {@code prefix} is the reader's prefix after it (reader). */
  void offer(WindowEntry entry, long[] prefix) {
    for (ConflationGroup group : serving) {
      group.offer(entry, prefix, typeHeader);
    }
  }

  /** How long the reader may wait before a window must close (reader thread). */
  long nanosToClose(long atMost) {
    if (serving.length == 0) {
      return atMost;
    }
    long now = clock.getAsLong();
    long wait = atMost;
    for (ConflationGroup group : serving) {
      wait = Math.min(wait, group.nanosToClose(now));
    }
    return wait;
  }

  /** Wakes every group's streams (the reader retired: they must see it). */
  void wakeAll() {
    for (ConflationGroup group : all) {
      group.wake();
    }
  }

  int maxPendingRecords() {
    return config.maxPendingRecords();
  }

  long maxPendingBytes() {
    return config.maxPendingBytes();
  }

  long batchLogBytes() {
    return config.batchLogBytes();
  }

  void closed() {
    closed = closed + 1;
  }
}
