package dev.streamgate.bench;

import static dev.streamgate.bench.ResultLine.finish;
import static dev.streamgate.bench.ResultLine.loadavg;
import static dev.streamgate.bench.ResultLine.mb;
import static dev.streamgate.bench.ResultLine.percentiles;
import static dev.streamgate.bench.ResultLine.putCpu;
import static dev.streamgate.bench.ResultLine.putDelivered;
import static dev.streamgate.bench.ResultLine.putOrder;
import static dev.streamgate.bench.ResultLine.putProduced;
import static dev.streamgate.bench.ResultLine.round1;
import static dev.streamgate.bench.ResultLine.round3;
import static dev.streamgate.bench.ResultLine.secs;

import io.netty.channel.Channel;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One measured run against one server: open C SSE connections (bounded concurrency, bounded
 * time), wait until each is ready, optionally produce N events (Kafka or HTTP POST), optionally drop
 * every connection at once and reconnect with Last-Event-ID (reconnect storm), drain, and write one
 * JSON line of results: throughput, latency percentiles, connect/resume times, per-connection
 * correctness, and CPU/RSS of the server, the broker and the load tool itself.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Subscribe C clients, produce, measure.")
public final class RunCommand implements Callable<Integer> {

  @Option(names = "--url", required = true, description = "SSE URL (http://127.0.0.1:port/path)")
  String url;

  @Mixin ClientOptions connecting = new ClientOptions(100, 120); // the defaults of --connections and --connect-timeout

  @Mixin ProduceOptions producing = new ProduceOptions();

  @Option(
      names = "--keys",
      defaultValue = "0",
      description = "keyed lanes: event i goes to lane i % keys, keyed k<lane> on partition lane % --partitions (HTTP: {key} in --publish-url); 0 = one lane per partition, unkeyed")
  int keys;

  @Mixin ServerOptions procs = new ServerOptions();

  @Mixin ResultOptions result = new ResultOptions("system", "scenario");

  @Option(names = "--max-connections", defaultValue = "12000", description = "hard cap")
  int maxConnections;

  @Option(names = "--settle", defaultValue = "2", description = "seconds between ready and producing")
  double settle;

  @Option(names = "--produce", defaultValue = "none", description = "kafka | http | none")
  String produce;

  @Option(names = "--events", defaultValue = "0", description = "events to produce (or in the ceiling file)")
  long events;

  @Option(names = "--rate", defaultValue = "0", description = "events/s in total; 0 = burst")
  double rate;

  @Option(names = "--payload", defaultValue = "128", description = "bytes per event value")
  int payload;

  @Option(names = "--idle-seconds", defaultValue = "0", description = "idle scenario: hold, then measure RSS")
  double idleSeconds;

  @Option(names = "--storm-at", defaultValue = "-1", description = "seconds after production start to drop all")
  double stormAt;

  @Option(names = "--drain-timeout", defaultValue = "30")
  double drainTimeout;

  @Option(names = "--stall-timeout", defaultValue = "15", description = "end the drain when nothing arrives for this long")
  double stallTimeout;

  @Option(names = "--max-duration", defaultValue = "600", description = "hard cap in seconds for the whole run")
  double maxDuration;

  @Option(names = "--out", description = "append the JSON result line here")
  Path out;

  @Option(names = "--no-latency", description = "do not record latency (pre-stamped events)")
  boolean noLatency;

  @Option(names = "--source-ips", defaultValue = "16", description = "spread clients over 127.0.0.1..N")
  int sourceIps;

  @Option(names = "--note", description = "free text stored with the result")
  String note;

  // ---- run state ----
  private URI uri;
  private long[] expectedPer;
  /** When keyed: each key's lane alone, the expectation of the clients that take that key. */
  private long[][] expectedByKey;
  private Conn[] conns;
  private SseClients<Conn> clients;
  private volatile boolean recordLatency = true;
  private final LongAdder delivered = new LongAdder();
  private final AtomicInteger completeCount = new AtomicInteger();
  /** A storm's drop to each client's resume: it has every event sent before it reconnected. */
  private final SynchronizedHistogram resumeHist = new SynchronizedHistogram(3_600_000_000L, 3);
  /** A storm's drop to each client's reconnect: ready again on {@code --ready-on}. */
  private final SynchronizedHistogram reconnectHist = new SynchronizedHistogram(3_600_000_000L, 3);
  private final AtomicInteger resumedCount = new AtomicInteger();
  private final List<Conn> stormDropped = new ArrayList<>();
  private final ConcurrentLinkedQueue<Histogram> latencyHists = new ConcurrentLinkedQueue<>();
  private final ThreadLocal<Histogram> latency =
      ThreadLocal.withInitial(
          () -> {
            Histogram h = new Histogram(3_600_000_000L, 3);
            latencyHists.add(h);
            return h;
          });
  private final AtomicLong rssPeak = new AtomicLong();
  private final AtomicLong brokerRssPeak = new AtomicLong();

  /** One client ({@link SseClients}): survives reconnects (checker and last event id carry over). */
  final class Conn extends SseClients.Client {
    final SeqChecker checker = new SeqChecker();
    volatile boolean complete;
    volatile boolean ended;
    volatile long dropAt;
    volatile long lastEventAt;
    /**
     * In a storm: the events sent per partition when this client reconnected, which it must have
     * to be resumed (whatever the server's own signals); null before the storm and once resumed.
     */
    volatile long[] resumeTarget;

    Conn(int idx) {
      super(clients, idx);
    }

    /** Of a count per lane, the lanes this client takes (its key's alone when keyed). */
    long[] only(long[] perLane) {
      if (expectedByKey == null) return perLane;
      long[] mine = new long[perLane.length];
      int lane = idx % expectedByKey.length;
      mine[lane] = perLane[lane];
      return mine;
    }

    /** What this client is to receive per lane: every lane, or its key's alone. */
    long[] expected() {
      return expectedByKey != null ? expectedByKey[idx % expectedByKey.length] : expectedPer;
    }

    @Override
    void onPayload(Payload.Fields f, long now) {
      checker.onEvent(f.p, f.s);
      delivered.increment();
      lastEventAt = now;
      if (recordLatency && f.hasT) {
        long micros = (now - f.t) / 1000;
        if (micros >= 0 && micros < 3_600_000_000L) latency.get().recordValue(micros);
      }
      long[] expected = expected();
      if (!complete && f.p < expected.length && f.s >= expected[f.p] - 1 && checker.hasUpTo(expected)) {
        complete = true;
        completeCount.incrementAndGet();
      }
      resumeIfCaughtUp(now);
      if (!ready && clients.readyOnHeaders()) clients.markReady(this); // data before headers-ready cannot happen, kept safe
    }

    @Override
    void onReadyAgain(long now) {
      if (dropAt > 0) reconnectHist.recordValue(Math.max(0, (now - dropAt) / 1000));
      resumeIfCaughtUp(now); // it may have had everything before it dropped
    }

    private void resumeIfCaughtUp(long now) {
      long[] target = resumeTarget;
      if (target == null || !ready || !checker.hasUpTo(target)) return;
      resumeTarget = null;
      resumedCount.incrementAndGet();
      resumeHist.recordValue(Math.max(0, (now - dropAt) / 1000));
    }

    @Override
    void onStreamEnd() {
      ended = true;
      if (!complete && !closing) clients.countClose();
      closing = true;
    }
  }

  @Override
  public Integer call() throws Exception {
    producing.keys = keys;
    long runStart = System.nanoTime();
    long hardDeadline = runStart + (long) (maxDuration * 1e9);
    uri = URI.create(KeyedUrls.any(url));
    if (connecting.connections > maxConnections) connecting.connections = maxConnections;
    recordLatency = !noLatency;
    int lanes = producing.lanes();
    long[] planned = new long[lanes];
    for (int p = 0; p < lanes; p++) planned[p] = Producer.countFor(events, lanes, p);
    expect(planned);
    Map<String, Object> r = result.begin(url, connecting.connections);
    r.put("events", events);
    r.put("rate", rate);
    r.put("partitions", producing.partitions);
    if (producing.keys > 0) r.put("keys", producing.keys);
    r.put("payloadBytes", payload);
    r.put("loadavgBefore", loadavg());

    clients = new SseClients<>(uri, KeyedUrls.targets(url, producing.keys), connecting.readyOn, connecting.threads, sourceIps, connecting.connectConcurrency);
    conns = new Conn[connecting.connections];
    Thread sampler = null;
    Producer producer = null;
    String runError = null;
    try {
      ProcStats.Snapshot w0 = procs.snapshot();
      ProcStats.Sample s0 = w0.server();
      r.put("serverRssBeforeMB", mb(s0.rssBytes()));
      r.put("serverProcesses", s0.processes());
      rssPeak.set(s0.rssBytes());
      sampler = procs.samplePeaks(rssPeak, brokerRssPeak);
      boolean ceiling = produce.equals("none") && events > 0;
      long deliveryStart = System.nanoTime();

      // ---- connect phase ----
      long connectStart = System.nanoTime();
      long connectDeadline = connectStart + connecting.connectTimeout * 1_000_000_000L;
      int started = 0;
      for (int i = 0; i < connecting.connections; i++) {
        conns[i] = clients.add(new Conn(i));
        if (!clients.acquire(connectDeadline)) break;
        clients.open(conns[i]);
        started++;
      }
      while (System.nanoTime() < connectDeadline && clients.readyCount() + clients.failures() < started) {
        Thread.sleep(50);
      }
      long connectEnd = System.nanoTime();
      int notReady = 0;
      for (int i = 0; i < started; i++) {
        Conn c = conns[i];
        if (!c.ready && !c.failed) {
          notReady++;
          clients.fail(c, "not ready within connect timeout (" + connecting.connectTimeout + " s)");
        }
      }
      int notStarted = connecting.connections - started;
      if (notStarted > 0) clients.error("not attempted: connect phase timed out", notStarted);
      int ready = clients.readyCount();
      r.put("connectionsReady", ready);
      r.put("connectFailures", connecting.connections - ready);
      r.put("connectPhaseSeconds", secs(connectEnd - connectStart));
      r.put("connectMs", clients.connectMs());
      ProcStats.Sample s1 = procs.server();
      r.put("serverRssConnectedMB", mb(s1.rssBytes()));
      r.put("serverCpuConnectSeconds", round3(s1.cpuSeconds() - s0.cpuSeconds()));

      if (!ceiling && settle > 0) Thread.sleep((long) (settle * 1000));

      if (idleSeconds > 0) {
        Thread.sleep((long) (idleSeconds * 1000));
        ProcStats.Sample si = procs.server();
        int alive = 0;
        for (int i = 0; i < started; i++) if (conns[i].ready) alive++;
        r.put("connectionsAliveAfterIdle", alive);
        r.put("serverRssIdleMB", mb(si.rssBytes()));
        if (ready > 0) r.put("memPerConnKB", round1((si.rssBytes() - s0.rssBytes()) / 1024.0 / ready));
        r.put("serverCpuIdleSeconds", round3(si.cpuSeconds() - s1.cpuSeconds()));
      }

      // ---- delivery phase ----
      ProcStats.Snapshot w2 = ceiling ? w0 : procs.snapshot();
      if (!ceiling) deliveryStart = System.nanoTime();
      AtomicLong sinkErrors = new AtomicLong();
      AtomicReference<String> sinkLastError = new AtomicReference<>();
      long[] sentPer = expectedPer;
      long sent = events;
      List<long[]> unsent = List.of();
      if (!produce.equals("none") && events > 0) {
        Producer.Sink sink = producing.sink(produce, rate <= 0, sinkErrors, sinkLastError);
        producer = new Producer(sink, lanes, events, rate, payload);
        deliveryStart = System.nanoTime();
        producer.start();
        if (stormAt >= 0) {
          long stormDue = deliveryStart + (long) (stormAt * 1e9);
          while (System.nanoTime() < stormDue) Thread.sleep(10);
          storm(r, hardDeadline, producer);
        }
        long expectedProduceSeconds = rate > 0 ? (long) Math.ceil(events / rate) : 0;
        boolean all = producer.await((expectedProduceSeconds + 120) * 1000);
        sentPer = producer.sentPerPartition();
        sent = producer.sent();
        unsent = producer.failed();
        putProduced(r, producer, sent, sinkErrors, sinkLastError, all);
        if (sent < events) { // clients cannot expect what was never sent
          expect(sentPer);
          for (Conn c : conns) if (c != null && !c.complete && c.checker.hasUpTo(c.expected())) {
            c.complete = true;
            completeCount.incrementAndGet();
          }
        }
      } else {
        r.put("produced", events);
      }

      // ---- drain ----
      long deliveryEndTarget = System.nanoTime() + (long) (drainTimeout * 1e9);
      int expectComplete = 0;
      for (int i = 0; i < started; i++) if (conns[i].everReady) expectComplete++;
      int everReady = expectComplete;
      if (events > 0
          && Drain.await(Math.min(deliveryEndTarget, hardDeadline), stallTimeout, delivered::sum, () -> completeCount.get() >= everReady)) {
        r.put("drainStalled", true);
      }
      long deliveryEnd = System.nanoTime();
      if (stormAt >= 0) putStormResumes(r);
      ProcStats.Snapshot w3 = procs.snapshot();
      recordLatency = false;

      // close everything, then read per-connection state after the event loops stopped
      clients.close();
      if (sampler != null) sampler.interrupt();

      long lastEvent = 0;
      long expectedDeliveries = 0;
      long gaps = 0, dups = 0, reorders = 0, missing = 0, before = 0;
      int badConns = 0, incomplete = 0;
      for (int i = 0; i < started; i++) {
        Conn c = conns[i];
        if (!c.everReady) continue;
        lastEvent = Math.max(lastEvent, c.lastEventAt);
        long[] expected = c.expected();
        long explained = 0; // holes that are events whose send failed: the producer's, not a delivery gap
        for (long[] f : unsent) if (c.checker.isHole((int) f[0], f[1])) explained++;
        long g = c.checker.gaps() - explained, d = c.checker.duplicates(), o = c.checker.reorders();
        long m = events > 0 ? c.checker.missing(expected) : 0;
        for (long[] f : unsent) if (expected[(int) f[0]] > 0 && c.checker.isOutside((int) f[0], f[1])) m--;
        for (long v : expected) expectedDeliveries += v;
        for (long[] f : unsent) if (expected[(int) f[0]] > 0) expectedDeliveries--;
        gaps += g;
        dups += d;
        reorders += o;
        missing += m;
        before += c.checker.beforeStart();
        if (g + d + o > 0) badConns++;
        if (m > 0) incomplete++;
      }
      long deliveredN = delivered.sum();
      putDelivered(r, unsent.size(), expectedDeliveries, deliveredN, deliveryStart, lastEvent);
      r.put("latencyMs", noLatency ? null : percentiles(merged(latencyHists)));
      putOrder(r, gaps, dups, reorders, missing);
      r.put("beforeStart", before);
      r.put("unparsedEvents", clients.unparsed());
      r.put("connectionsWithOrderErrors", badConns);
      r.put("connectionsIncomplete", incomplete);
      r.put("connectionsComplete", completeCount.get());
      r.put("unexpectedCloses", clients.closes());
      r.put("controlEvents", clients.controlEvents());
      r.put("httpStatuses", clients.statuses());
      r.put("errors", clients.topErrors());
      putCpu(r, w2, w3, deliveredN);
      r.put("serverRssPeakMB", mb(rssPeak.get()));
      r.put("serverRssEndMB", mb(w3.server().rssBytes()));
      r.put("brokerRssPeakMB", mb(brokerRssPeak.get()));
      if (!r.containsKey("memPerConnKB") && ready > 0) {
        r.put("memPerConnKB", round1((s1.rssBytes() - s0.rssBytes()) / 1024.0 / ready));
      }
      r.put("serverAliveAtEnd", procs.serverAlive());
    } catch (Exception e) {
      runError = SseClients.shortError(e);
    } finally {
      if (producer != null) producer.close();
      if (sampler != null) sampler.interrupt();
      clients.close();
    }
    finish(r, runError, note, runStart, out); // runError is short: not clipped
    return runError == null ? 0 : 1;
  }

  /**
   * Drops every ready connection at once, then reconnects all with their last event id (at most
   * {@code --connect-concurrency} at a time, each holding its permit until it is ready again), and
   * waits until each is ready again or failed. A client is resumed, later, once it has every event
   * sent before it reconnected ({@link #putStormResumes}): the same test for every system, whatever
   * its {@code --ready-on}.
   */
  private void storm(Map<String, Object> r, long hardDeadline, Producer producer) throws InterruptedException {
    List<Conn> dropped = stormDropped;
    AtomicInteger closed = new AtomicInteger();
    long dropAt = System.nanoTime();
    for (Conn c : conns) {
      if (c == null || !c.ready || c.ch == null) continue;
      dropped.add(c);
      Channel ch = c.ch;
      ch.eventLoop()
          .execute(
              () -> {
                c.closing = true;
                c.ready = false;
                c.dropAt = dropAt;
                c.resumeId = c.parser.lastEventId();
                ch.close().addListener(f -> closed.incrementAndGet());
              });
    }
    long until = System.nanoTime() + 10_000_000_000L;
    while (closed.get() < dropped.size() && System.nanoTime() < until) Thread.sleep(5);
    int withId = 0;
    for (Conn c : dropped) if (c.resumeId != null) withId++;
    long reconnectDeadline = Math.min(hardDeadline, System.nanoTime() + connecting.connectTimeout * 1_000_000_000L);
    int failedBefore = clients.failures();
    int attempted = 0;
    for (Conn c : dropped) {
      if (!clients.acquire(reconnectDeadline)) break;
      c.resumeTarget = producer != null ? c.only(producer.sentPerPartition()) : new long[0];
      clients.open(c);
      attempted++;
    }
    while (System.nanoTime() < reconnectDeadline) {
      int done = 0;
      for (Conn c : dropped) if (c.ready || c.failed) done++;
      if (done >= attempted) break;
      Thread.sleep(20);
    }
    int reconnected = 0;
    for (Conn c : dropped) if (c.ready) reconnected++;
    r.put("stormDropped", dropped.size());
    r.put("stormWithLastEventId", withId);
    r.put("stormReconnected", reconnected);
    r.put("stormReconnectFailures", clients.failures() - failedBefore + (dropped.size() - attempted));
    r.put("stormReconnectMs", percentiles(reconnectHist));
  }

  /** After the drain: how many dropped clients resumed, and when (from the drop). */
  private void putStormResumes(Map<String, Object> r) {
    int resumed = resumedCount.get();
    r.put("stormResumed", resumed);
    r.put("stormAllResumedSeconds", resumed == stormDropped.size() ? secs(resumeHist.getMaxValue() * 1000) : null);
    r.put("stormResumeMs", percentiles(resumeHist));
  }

  /** The production's expectation per lane, and each key's alone when the clients take a key each. */
  private void expect(long[] perLane) {
    expectedPer = perLane;
    if (producing.keys <= 0) return;
    long[][] byKey = new long[producing.keys][];
    for (int k = 0; k < byKey.length; k++) {
      byKey[k] = new long[perLane.length];
      byKey[k][k] = perLane[k];
    }
    expectedByKey = byKey;
  }

  private static Histogram merged(Iterable<Histogram> hs) {
    Histogram m = new Histogram(3_600_000_000L, 3);
    for (Histogram h : hs) m.add(h);
    return m;
  }
}
