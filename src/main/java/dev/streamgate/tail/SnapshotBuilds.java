package dev.streamgate.tail;

import dev.streamgate.decode.RecordDecoders;
import dev.streamgate.kafka.KafkaClients;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pod's snapshot tables: their bounds, the bounded pool that builds them ({@code
 * streamgate-snapshot-build-<n>}, {@code streamgate.snapshot.build-threads}) and their meters —
 * {@code streamgate_snapshot_tables}, {@code _keys}, {@code _bytes} (summed over the pod's tables)
 * and {@code streamgate_snapshot_builds_total{topic,outcome}} with {@code
 * streamgate_snapshot_build_records_total{topic}}, the records the builds read, which show that a
 * topic is read once for its table, not once per client. The set of tables is concurrent.
 */
@ApplicationScoped
public class SnapshotBuilds {

  private static final AtomicLong THREADS = new AtomicLong();

  private final KafkaClients clients;
  private final MeterRegistry registry;
  private final int maxKeys;
  private final long maxBytes;
  private final long keepNanos;
  private final long buildTimeoutNanos;
  private final long viewReuseNanos;
  private final ExecutorService pool;
  private final Set<KeyTable> tables = ConcurrentHashMap.newKeySet();
  private final RecordDecoders decoders;

  @Inject
  public SnapshotBuilds(
      KafkaClients clients,
      SnapshotConfig snapshot,
      MeterRegistry registry,
      RecordDecoders decoders) {
    this(
        clients,
        registry,
        decoders,
        snapshot.maxKeys(),
        snapshot.maxBytes(),
        snapshot.keep(),
        snapshot.buildTimeout(),
        snapshot.viewReuse(),
        snapshot.buildThreads());
  }

  /** The bounds as given (tests build tables without Quarkus). */
  SnapshotBuilds(
      KafkaClients clients,
      MeterRegistry registry,
      RecordDecoders decoders,
      int maxKeys,
      long maxBytes,
      Duration keep,
      Duration buildTimeout,
      Duration viewReuse,
      int buildThreads) {
    this.clients = clients;
    this.registry = registry;
    this.decoders = decoders;
    this.maxKeys = maxKeys;
    this.maxBytes = maxBytes;
    this.keepNanos = keep.toNanos();
    this.buildTimeoutNanos = buildTimeout.toNanos();
    this.viewReuseNanos = viewReuse.toNanos();
    int threads = Math.max(1, buildThreads);
    // Unbounded queue, bounded in fact: at most one build per topic incarnation is ever queued.
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "streamgate-snapshot-build-" + THREADS.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    Gauge.builder("streamgate.snapshot.tables", tables, Set::size)
        .description("Latest-by-key tables this pod holds (one per topic with snapshot clients)")
        .register(registry);
    Gauge.builder("streamgate.snapshot.keys", this, SnapshotBuilds::keys)
        .description("Keys held by this pod's snapshot tables")
        .register(registry);
    Gauge.builder("streamgate.snapshot.bytes", this, SnapshotBuilds::bytes)
        .description("Heap bytes counted by this pod's snapshot tables (keys, values, overhead)")
        .baseUnit("bytes")
        .register(registry);
  }

  /** A new table of a reader at {@code positions}, its build queued on the pool. */
  KeyTable start(String topic, int fingerprint, long[] positions) {
    KeyTable table = new KeyTable(topic, fingerprint, positions, this);
    tables.add(table);
    pool.execute(
        new TableBuild(
            table,
            clients.readerProperties("snapshot-" + topic, 2_000),
            this,
            decoders.forTopic(topic)));
    return table;
  }

  /** The table is gone (unused, refused and unused, or its reader stopped). */
  void dropped(KeyTable table, String why) {
    tables.remove(table);
    table.fail(false, "The snapshot table of topic " + table.topic() + " was dropped: " + why);
  }

  /** Counts a build's end and the records it read. */
  void built(String topic, String outcome, long records) {
    Counter.builder("streamgate.snapshot.builds")
        .description("Snapshot tables built (one read of the topic each), by outcome")
        .tag("topic", topic)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    Counter.builder("streamgate.snapshot.build.records")
        .description("Records read from Kafka to build snapshot tables")
        .tag("topic", topic)
        .register(registry)
        .increment(records);
  }

  private double keys() {
    return tables.stream().mapToLong(KeyTable::keys).sum();
  }

  private double bytes() {
    return tables.stream().mapToLong(KeyTable::bytes).sum();
  }

  /** Whether a table of this many keys and bytes is above the bounds. */
  boolean tooLarge(int keys, long bytes) {
    return keys > maxKeys || bytes > maxBytes;
  }

  /** The refusal's detail for a table above the bounds. */
  String tooLargeDetail(String topic) {
    return "Topic "
        + topic
        + " has more keys or bytes than a snapshot may hold on this instance (at most "
        + maxKeys
        + " keys and "
        + maxBytes
        + " bytes); open it from=latest or from=earliest instead";
  }

  int maxKeys() {
    return maxKeys;
  }

  long maxBytes() {
    return maxBytes;
  }

  long keepNanos() {
    return keepNanos;
  }

  long buildTimeoutNanos() {
    return buildTimeoutNanos;
  }

  long viewReuseNanos() {
    return viewReuseNanos;
  }

  long nanoTime() {
    return System.nanoTime();
  }

  @PreDestroy
  void stop() {
    pool.shutdownNow();
  }
}
