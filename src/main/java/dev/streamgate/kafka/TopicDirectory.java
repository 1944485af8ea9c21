package dev.streamgate.kafka;

import dev.streamgate.cursor.TopicNames;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The pod's view of which topics exist, for topic patterns: one Admin {@code listTopics} per {@code
 * streamgate.patterns.refresh-interval} per pod, however many pattern streams there are, on one
 * thread of its own ({@code streamgate-topic-directory}); never on an event loop. It runs only
 * while a {@link Watcher} is registered. Each refresh hands every watcher the full listing (not a
 * difference), so a watcher that registered between two listings misses nothing, and snapshots the
 * topics that watchers want to add once for all of them.
 *
 * <p>Threads: the listing is guarded by this object's lock; watchers are called on the directory's
 * thread, one refresh at a time.
 */
@ApplicationScoped
public class TopicDirectory {

  private static final Logger LOG = Logger.getLogger(TopicDirectory.class);

  /** A pattern stream following the listing. Called on the directory's thread only. */
  public interface Watcher {

    /** The topics of this listing the watcher would add, to be snapshotted. */
    Set<String> wanted(Set<String> listed);

    /** The listing and the snapshots of the wanted topics that exist (a topic may be missing). */
    void offer(Set<String> listed, Map<String, TopicSnapshot> snapshots);
  }

  private final TopicCatalog catalog;
  private final long intervalNanos;
  private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "streamgate-topic-directory");
            t.setDaemon(true);
            return t;
          });
  private Set<String> listed;
  private long listedAt;
  private ScheduledFuture<?> refreshing;

  public TopicDirectory(TopicCatalog catalog, PatternsConfig patterns) {
    this.catalog = catalog;
    this.intervalNanos = patterns.refreshInterval().toNanos();
  }

  /**
   * The topics that exist and are not internal, from a listing at most one interval old (else
   * listed now: blocking, for the open pool). Callers waiting meanwhile share the one listing.
   */
  public synchronized Set<String> listed() {
    if (listed == null || System.nanoTime() - listedAt >= intervalNanos) {
      list();
    }
    return listed;
  }

  /**
   * The topics listed now, for an open whose patterns matched nothing in a recent listing: a topic
   * created a moment ago is found rather than answered 404 (which ends a browser's EventSource).
   */
  public synchronized Set<String> listedNow() {
    list();
    return listed;
  }

  /** Starts handing listings to {@code watcher}, from the next refresh on. */
  public void register(Watcher watcher) {
    watchers.add(watcher);
    synchronized (this) {
      if (refreshing == null) {
        long every = TimeUnit.NANOSECONDS.toMillis(intervalNanos);
        refreshing =
            thread.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
      }
    }
  }

  public void unregister(Watcher watcher) {
    watchers.remove(watcher);
  }

  /** Watchers registered now (for tests and metrics). */
  public int watchers() {
    return watchers.size();
  }

  private void list() {
    Set<String> names = new LinkedHashSet<>();
    for (String topic : catalog.topicNames()) {
      if (!TopicNames.isInternal(topic)) {
        names.add(topic);
      }
    }
    listed = Set.copyOf(names);
    listedAt = System.nanoTime();
  }

  /** One refresh: list once, snapshot what watchers want once, hand both to every watcher. */
  void refresh() {
    if (watchers.isEmpty()) {
      return;
    }
    try {
      Set<String> now;
      synchronized (this) {
        list();
        now = listed;
      }
      Set<String> wanted = new LinkedHashSet<>();
      watchers.forEach(w -> wanted.addAll(w.wanted(now)));
      Map<String, TopicSnapshot> snapshots = Map.of();
      if (!wanted.isEmpty()) {
        Map<String, TopicSnapshot> found = new HashMap<>();
        catalog.snapshotExisting(List.copyOf(wanted)).forEach(s -> found.put(s.topic(), s));
        snapshots = found;
      }
      for (Watcher watcher : watchers) {
        watcher.offer(now, snapshots);
      }
    } catch (RuntimeException e) {
      // Kafka unreachable or a topic vanished mid-way: the next refresh tries again.
      LOG.debugf("Topic listing for patterns failed (%s); retrying next interval", e.toString());
    }
  }

  @PreDestroy
  void close() {
    thread.shutdownNow();
  }
}
