package dev.streamgate.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The snapshot scenario (issue 15's cost target): a compacted topic gets {@code --keys} distinct
 * keys (the bench payload, key {@code <partition>-<seq>}), then {@code --updates} new values of the
 * first keys, all before any client connects; then C clients open {@code from=snapshot} at once
 * (the usual connect limiter) and each checks what it gets before {@code caught-up} ({@link
 * KeyTally}): every key exactly once, at its latest value. Reported: the time from the first
 * connect to the last client's {@code caught-up}, each client's time to it, the server's CPU per
 * 1,000 snapshot records and its RSS peak, and from the server's {@code /q/metrics} the number of
 * table builds and the records they read: one table and one read of the topic, not C. Bounded by
 * {@code --connect-timeout} (the wait for every {@code caught-up}) within {@code --max-duration}.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true, description = "C clients open from=snapshot on a keyed, compacted topic.")
public final class SnapshotCommand implements Callable<Integer> {

  @Option(names = "--url", required = true, description = "the stream URL, with from=snapshot")
  String url;

  @Option(names = "--metrics-url", description = "the server's Prometheus page; default <url's origin>/q/metrics")
  String metricsUrl;

  @Mixin ClientOptions connecting = new ClientOptions(1000, 150); // the defaults of --connections and --connect-timeout

  @Mixin ProduceOptions producing = new ProduceOptions();

  @Mixin ServerOptions procs = new ServerOptions();

  @Mixin ResultOptions result = new ResultOptions("streamgate", "snapshot");

  @Option(names = "--keys", defaultValue = "100000", description = "distinct keys produced before any client connects")
  int keys;

  @Option(names = "--updates", defaultValue = "10000", description = "new values of the first keys, produced after them")
  long updates;

  @Option(names = "--payload", defaultValue = "128")
  int payload;

  @Option(names = "--source-ips", defaultValue = "16")
  int sourceIps;

  @Option(names = "--max-duration", defaultValue = "170", description = "hard cap in seconds: production, clients, metrics")
  double maxDuration;

  @Option(names = "--out")
  Path out;

  @Option(names = "--note")
  String note;

  /** Seconds the production of the keys or of the updates may take. */
  static final long PRODUCE_BOUND = 60;

  @Override
  public Integer call() throws Exception {
    long runStart = System.nanoTime();
    long hardDeadline = runStart + (long) (maxDuration * 1e9);
    int C = connecting.connections;
    Map<String, Object> r = result.begin(url, C);
    r.put("partitions", producing.partitions);
    r.put("payloadBytes", payload);
    r.put("keys", keys);
    r.put("updates", Math.min(updates, keys));
    r.put("loadavgBefore", ResultLine.loadavg());
    String runError = null;
    SseClients<SnapClient> clients = null;
    try {
      if (!connecting.readyOn.equals("event:caught-up")) throw new IllegalArgumentException("snapshot needs --ready-on event:caught-up");
      long produced = produce(keys, r, "produce");
      long updatedAfter = System.nanoTime();
      produced += produce(Math.min(updates, keys), r, "update");
      r.put("recordsInTopic", produced);

      clients = new SseClients<>(URI.create(url), connecting.readyOn, connecting.threads, sourceIps, connecting.connectConcurrency);
      List<SnapClient> cs = new ArrayList<>();
      for (int i = 0; i < C; i++) cs.add(clients.add(new SnapClient(clients, i, new KeyTally(keys, producing.partitions, updates, updatedAfter))));
      ProcStats.Snapshot w0 = procs.snapshot();
      r.put("serverRssBeforeMB", ResultLine.mb(w0.server().rssBytes()));
      AtomicLong rssPeak = new AtomicLong(w0.server().rssBytes());
      AtomicLong brokerPeak = new AtomicLong(w0.broker().rssBytes());
      Thread sampler = procs.samplePeaks(rssPeak, brokerPeak);
      long start = System.nanoTime();
      int ready;
      try {
        ready = clients.openAll(cs, Math.min(hardDeadline - 15_000_000_000L, start + connecting.connectTimeout * 1_000_000_000L));
      } finally {
        sampler.interrupt();
      }
      long end = System.nanoTime();
      ProcStats.Snapshot w1 = procs.snapshot();
      long lastCaughtUp = 0;
      for (SnapClient c : cs) if (c.everReady) lastCaughtUp = Math.max(lastCaughtUp, c.readyAt);
      r.put("connectionsReady", ready);
      r.put("connectFailures", C - ready);
      r.put("allCaughtUpSeconds", ready == C ? ResultLine.secs(lastCaughtUp - start) : null);
      r.put("lastCaughtUpSeconds", ready > 0 ? ResultLine.secs(lastCaughtUp - start) : null);
      r.put("caughtUpMs", clients.connectMs());
      tally(clients, r, C);
      long delivered = ((Number) r.get("snapshotRecords")).longValue();
      r.put("clientPhaseSeconds", ResultLine.secs(end - start));
      r.put("snapshotRecordsPerSecond", end > start ? Math.round(delivered / ((end - start) / 1e9)) : null);
      ResultLine.putCpu(r, w0, w1, delivered);
      r.put("serverRssPeakMB", ResultLine.mb(Math.max(rssPeak.get(), w1.server().rssBytes())));
      r.put("brokerRssPeakMB", ResultLine.mb(brokerPeak.get()));
      r.put("unexpectedCloses", clients.closes());
      r.put("unparsedEvents", clients.unparsed());
      r.put("controlEvents", clients.controlEvents());
      r.put("statuses", clients.statuses());
      r.put("errors", clients.topErrors());
      metrics(r, produced);
    } catch (Exception e) {
      runError = e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
    } finally {
      if (clients != null) clients.close();
    }
    r.put("serverAliveAtEnd", procs.serverAlive());
    ResultLine.finish(r, runError, note, runStart, out);
    return runError == null ? 0 : 1;
  }

  /** Writes {@code n} keyed events (sequences from 0: the same keys each pass) as a burst. */
  private long produce(long n, Map<String, Object> r, String prefix) throws Exception {
    if (n <= 0) return 0;
    AtomicLong sinkErrors = new AtomicLong();
    Producer.Sink sink = Producer.kafka(producing.bootstrap, producing.topic, true, sinkErrors, true);
    try (Producer p = new Producer(sink, producing.partitions, n, 0, payload)) {
      p.start();
      boolean ended = p.await(PRODUCE_BOUND * 1000);
      long errors = p.sendErrors() + sinkErrors.get();
      r.put(prefix + "Seconds", ResultLine.secs(p.endNanos() - p.startNanos()));
      r.put(prefix + "Errors", errors);
      if (!ended || errors > 0 || p.sent() != n) {
        throw new IllegalStateException(prefix + ": " + p.sent() + " of " + n + " sent in time, " + errors + " errors" + (p.lastError() != null ? ": " + p.lastError() : ""));
      }
      return n;
    }
  }

  /** Sums every client's check (each on its loop) into the result. */
  private static void tally(SseClients<SnapClient> clients, Map<String, Object> r, int asked) throws InterruptedException {
    LongAdder records = new LongAdder(), dups = new LongAdder(), missing = new LongAdder(), unknown = new LongAdder(), stale = new LongAdder();
    LongAdder exact = new LongAdder(), after = new LongAdder();
    clients.onEveryLoop(
        c -> {
          KeyTally k = c.tally;
          records.add(k.records());
          dups.add(k.duplicates());
          missing.add(k.missing());
          unknown.add(k.unknown());
          stale.add(k.stale());
          after.add(c.afterCaughtUp);
          if (c.everReady && k.exact()) exact.increment();
        });
    r.put("snapshotRecords", records.sum());
    r.put("expectedSnapshotRecords", (long) ((Number) r.get("keys")).intValue() * asked);
    r.put("duplicateKeys", dups.sum());
    r.put("missingKeys", missing.sum());
    r.put("unknownKeys", unknown.sum());
    r.put("staleValues", stale.sum());
    r.put("recordsAfterCaughtUp", after.sum());
    r.put("exactClients", exact.sum());
  }

  /** The server's snapshot meters of the topic, and the verdict. */
  private void metrics(Map<String, Object> r, long recordsInTopic) {
    URI u = URI.create(url);
    String page = metricsUrl != null ? metricsUrl : u.getScheme() + "://" + u.getRawAuthority() + "/q/metrics";
    try {
      SnapshotMetrics m = SnapshotMetrics.parse(SnapshotMetrics.fetch(page), producing.topic);
      r.put("snapshotBuilds", m.builds());
      r.put("snapshotBuildsByOutcome", m.buildsByOutcome());
      r.put("snapshotBuildRecords", m.buildRecords());
      r.put("snapshotTables", m.tables());
      r.put("oneTableOneRead", m.oneTableOneRead(keys, recordsInTopic));
    } catch (Exception e) {
      r.put("metricsError", ResultLine.clip(SseClients.shortError(e) + " (" + page + ")"));
    }
  }

  /** One client: its check of the snapshot, and what came after {@code caught-up} (nothing is produced then). */
  static final class SnapClient extends SseClients.Client {
    final KeyTally tally; // loop-owned
    long afterCaughtUp; // loop-owned

    SnapClient(SseClients<?> owner, int idx, KeyTally tally) {
      super(owner, idx);
      this.tally = tally;
    }

    @Override
    void onPayload(Payload.Fields f, long now) {
      if (ready) afterCaughtUp++;
      else tally.record(f.p, f.s, f.hasT ? f.t : 0);
    }
  }
}
