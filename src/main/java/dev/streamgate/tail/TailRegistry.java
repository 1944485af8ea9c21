package dev.streamgate.tail;

import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.decode.RecordDecoders;
import dev.streamgate.kafka.KafkaClients;
import dev.streamgate.kafka.TopicCatalog;
import dev.streamgate.kafka.TopicShape;
import dev.streamgate.kafka.TopicSnapshot;
import dev.streamgate.kafka.TypeHeaderConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The pod's topic readers: one per topic incarnation, started by its first client and stopped a
 * {@code linger} after its last one left. Each reader gets its consumer factory from here, built
 * from {@link KafkaClients}' settings (one client id per reader, kept across its retries).
 *
 * <p>Threads: the map of readers and each entry's client count and pending stop are guarded by this
 * object's lock. {@link #acquire} runs on the open pool, an event loop (an open from running
 * readers) or the topic directory's thread (pattern joins); {@link #release} on event loops (a
 * stream's end), the open pool and the directory's thread; the linger's stops and the metadata
 * check ({@link #checkIncarnations}: retires, growth, log starts) on the {@code
 * streamgate-tail-stopper} thread; {@link #stopAll} at shutdown. A reader is stopped or retired
 * outside the lock (stopping waits for its poll thread).
 */
@ApplicationScoped
public class TailRegistry {

  private final KafkaClients clients;
  private final TopicCatalog catalog;
  private final TailConfig config;
  private final CursorCodec codec;
  private final int maxSelections;
  private final String typeHeader;
  private final Map<String, Entry> tails = new HashMap<>();
  private final ScheduledExecutorService stopper =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "streamgate-tail-stopper");
            t.setDaemon(true);
            return t;
          });

  private final MeterRegistry registry;
  private final SnapshotBuilds builds;
  private final RecordDecoders decoders;

  private static final class Entry {
    final TopicTail tail;
    final TailMeters meters;
    int clients;
    ScheduledFuture<?> pendingStop;

    Entry(TopicTail tail, TailMeters meters) {
      this.tail = tail;
      this.meters = meters;
    }
  }

  public TailRegistry(
      KafkaClients clients,
      TopicCatalog catalog,
      CursorCodec codec,
      TailConfig config,
      FilterConfig filter,
      TypeHeaderConfig typeHeader,
      MeterRegistry registry,
      SnapshotBuilds builds,
      RecordDecoders decoders) {
    this.builds = builds;
    this.decoders = decoders;
    this.clients = clients;
    this.catalog = catalog;
    this.config = config;
    this.codec = codec;
    this.maxSelections = filter.maxPerTopic();
    this.typeHeader = typeHeader.typeHeader();
    this.registry = registry;
    newPacer(); // a linger or a number of groups out of range fails here, not at a first open
    Gauge.builder("streamgate.tails.running", this, TailRegistry::running)
        .description("Topic readers running in this pod (one per topic with clients or lingering)")
        .register(registry);
  }

  private SignalPacer newPacer() {
    return new SignalPacer(
        config.wakeLingerMicrosPerStream() * 1_000L,
        config.wakeLingerMax().toNanos(),
        config.wakePhases());
  }

  @PostConstruct
  void startIncarnationChecks() {
    long every = config.metadataRefresh().toMillis();
    stopper.scheduleWithFixedDelay(this::checkIncarnations, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Follows the running readers' topics: retires readers whose topic was deleted or recreated since
   * they started, so that no client reads a new topic's records under an old topic's ids, and has
   * readers pick up partitions added to their topic.
   */
  void checkIncarnations() {
    List<Entry> running;
    synchronized (this) {
      running = List.copyOf(tails.values());
    }
    if (running.isEmpty()) {
      return;
    }
    try {
      Map<String, TopicShape> now =
          catalog.shapes(running.stream().map(e -> e.tail.topic()).distinct().toList());
      for (Entry entry : running) {
        TopicShape shape = now.get(entry.tail.topic());
        if (shape == null || shape.fingerprint() != entry.tail.fingerprint()) {
          forget(entry);
          entry.tail.retire(shape == null ? "topic deleted" : "topic recreated");
        } else {
          entry.tail.growTo(shape.partitions());
          entry.tail.logStart(shape.logStart());
        }
      }
    } catch (RuntimeException e) {
      // Kafka unreachable: nothing can be concluded; the next check tries again.
    }
  }

  private synchronized void forget(Entry entry) {
    tails.values().remove(entry);
    entry.meters.remove();
  }

  /**
   * The running reader of this topic incarnation, started at the snapshot's end offsets if there
   * was none. Every call must be paired with {@link #release}.
   */
  public synchronized TopicTail acquire(TopicSnapshot snapshot) {
    String key = snapshot.topic() + "@" + snapshot.fingerprint();
    Entry entry = tails.get(key);
    if (entry != null && entry.tail.retired()) {
      tails.remove(key);
      entry.meters.remove();
      entry = null;
    }
    if (entry == null) {
      TailMeters meters = new TailMeters(registry, snapshot.topic());
      Map<String, Object> settings = clients.readerProperties("tail-" + snapshot.topic(), 500);
      TopicTail tail =
          new TopicTail(
              snapshot,
              () -> new KafkaConsumer<>(settings),
              codec,
              config.windowRecords(),
              config.windowBytes(),
              meters::partitions,
              new TopicSelections(maxSelections, typeHeader),
              newPacer(),
              builds,
              decoders.forTopic(snapshot.topic()));
      meters.bind(tail, snapshot.partitions());
      tail.start();
      entry = new Entry(tail, meters);
      tails.put(key, entry);
    }
    if (entry.pendingStop != null) {
      entry.pendingStop.cancel(false);
      entry.pendingStop = null;
    }
    entry.clients++;
    return entry.tail;
  }

  /** A client of the tail left; the tail stops after the linger if no other client comes. */
  public synchronized void release(TopicTail tail) {
    String key = tail.topic() + "@" + tail.fingerprint();
    Entry entry = tails.get(key);
    if (entry == null || entry.tail != tail) {
      return;
    }
    entry.clients--;
    if (entry.clients == 0) {
      entry.pendingStop =
          stopper.schedule(
              () -> stopIfIdle(key, entry), config.linger().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void stopIfIdle(String key, Entry entry) {
    synchronized (this) {
      if (entry.clients > 0 || tails.get(key) != entry) {
        return;
      }
      tails.remove(key);
    }
    entry.meters.remove();
    entry.tail.stop();
  }

  /**
   * The running reader of this topic that streams can join now (not retired), or null. When the
   * topic has readers of two incarnations (recreated, the old one not yet retired), null: only
   * Kafka can tell which one is current.
   */
  public synchronized TopicTail running(String topic) {
    TopicTail found = null;
    for (Entry entry : tails.values()) {
      if (entry.tail.topic().equals(topic) && !entry.tail.retired()) {
        if (found != null) {
          return null;
        }
        found = entry.tail;
      }
    }
    return found;
  }

  /**
   * Clients holding this topic's readers now (every acquire not yet released, all incarnations);
   * for operators and tests.
   */
  public synchronized int clients(String topic) {
    int clients = 0;
    for (Entry entry : tails.values()) {
      if (entry.tail.topic().equals(topic)) {
        clients += entry.clients;
      }
    }
    return clients;
  }

  /** Number of running topic readers (one per topic incarnation with clients or lingering). */
  public synchronized int running() {
    return tails.size();
  }

  /** Whether a reader for this topic runs now. */
  public synchronized boolean isRunning(String topic) {
    return tails.keySet().stream().anyMatch(k -> k.startsWith(topic + "@"));
  }

  @PreDestroy
  void stopAll() {
    stopper.shutdownNow();
    Map<String, Entry> all;
    synchronized (this) {
      all = new HashMap<>(tails);
      tails.clear();
    }
    all.values()
        .forEach(
            e -> {
              e.meters.remove();
              e.tail.stop();
            });
  }
}
