package dev.streamgate.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The overload scenario: C clients that come back by themselves ({@link ReconnectingClient}, as a
 * browser does: after the server's Retry-After or {@code retry:}, with their last id), offered
 * {@code --over-factor} × the system's measured capacity for {@code --over-seconds}, then {@code
 * --after-factor} × it for {@code --after-seconds}, then drained. A client is <em>back</em> once it
 * is connected and has every event sent before the overload ended; {@code allBackSeconds} is the
 * time from the end of the overload until the last client was back (null if one never was), and
 * every client is checked over the whole production: gaps, duplicates, reorders and missing events
 * are the events lost. Latency counts from each event's due time ({@link Producer}), per phase.
 * Writes one JSON line.
 *
 * <p>Threads: each client's checker and back time belong to its event loop; the phase target is
 * published (volatile) before every loop checks its clients against it ({@link
 * SseClients#onEveryLoop}); the main thread reads the checkers after the loops stopped.
 */
@Command(name = "overload", mixinStandardHelpOptions = true, description = "Overload C clients, then see them back.")
public final class OverloadCommand implements Callable<Integer> {

  @Option(names = "--url", required = true)
  String url;

  @Mixin ClientOptions connecting = new ClientOptions(10000, 60);

  @Mixin ProduceOptions producing = new ProduceOptions();

  @Mixin ServerOptions procs = new ServerOptions();

  @Mixin ResultOptions result = new ResultOptions("system", "overload");

  @Option(names = "--produce", defaultValue = "kafka", description = "kafka | http")
  String produce;

  @Option(names = "--capacity", required = true, description = "the system's measured capacity, events/s to every client")
  double capacity;

  @Option(names = "--over-factor", defaultValue = "2")
  double overFactor;

  @Option(names = "--over-seconds", defaultValue = "15")
  double overSeconds;

  @Option(names = "--after-factor", defaultValue = "0.5")
  double afterFactor;

  @Option(names = "--after-seconds", defaultValue = "45")
  double afterSeconds;

  @Option(names = "--drain-timeout", defaultValue = "30", description = "seconds after production for every client to have everything")
  double drainTimeout;

  @Option(names = "--target-seconds", defaultValue = "30", description = "the issue's bound on allBackSeconds, for the verdict")
  double targetSeconds;

  @Option(names = "--payload", defaultValue = "128")
  int payload;

  @Option(names = "--source-ips", defaultValue = "16")
  int sourceIps;

  @Option(names = "--metrics-url", description = "the server's Prometheus metrics, read at the end (Streamgate)")
  String metricsUrl;

  @Option(names = "--max-duration", defaultValue = "300")
  double maxDuration;

  @Option(names = "--out")
  Path out;

  @Option(names = "--note")
  String note;

  private final Recorder latency = new Recorder(3_600_000_000L, 3);
  private final LongAdder delivered = new LongAdder();
  private final Map<Integer, LongAdder> disconnects = new ConcurrentHashMap<>();
  private final LongAdder reconnects = new LongAdder();
  private final AtomicLong lastDelivery = new AtomicLong();
  private final ReconnectingClient.Counters counters =
      new ReconnectingClient.Counters() {
        @Override
        public void disconnected(int status) {
          disconnects.computeIfAbsent(status, k -> new LongAdder()).increment();
        }

        @Override
        public void reconnecting(long delayMillis) {
          reconnects.increment();
        }
      };
  private volatile long[] backTarget;
  private volatile long overEnd;
  private SseClients<Client> clients;

  /** One client: its checker spans the whole run, across its reconnects. */
  final class Client extends ReconnectingClient {
    final SeqChecker checker = new SeqChecker();
    long backAt; // loop-owned; 0 until back

    Client(int idx) {
      super(clients, idx, counters);
    }

    @Override
    void onPayload(Payload.Fields f, long now) {
      checker.onEvent(f.p, f.s);
      delivered.increment();
      lastDelivery.set(now);
      if (f.hasT) {
        long micros = (now - f.t) / 1000;
        if (micros >= 0 && micros < 3_600_000_000L) latency.recordValue(micros);
      }
      checkBack(now);
    }

    @Override
    void onReadyAgain(long now) {
      checkBack(now);
    }

    void checkBack(long now) {
      long[] target = backTarget;
      if (backAt == 0 && target != null && ready && checker.hasUpTo(target)) backAt = Math.max(now, overEnd);
    }
  }

  @Override
  public Integer call() throws Exception {
    long runStart = System.nanoTime();
    long hardDeadline = runStart + (long) (maxDuration * 1e9);
    int lanes = producing.lanes();
    double overRate = capacity * overFactor;
    double afterRate = capacity * afterFactor;
    Map<String, Object> r = result.begin(url, connecting.connections);
    r.put("partitions", producing.partitions);
    r.put("payloadBytes", payload);
    r.put("capacityEventsPerSecond", capacity);
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("overRate", RateSearch.round(overRate));
    plan.put("overSeconds", overSeconds);
    plan.put("afterRate", RateSearch.round(afterRate));
    plan.put("afterSeconds", afterSeconds);
    plan.put("drainTimeout", drainTimeout);
    plan.put("targetSeconds", targetSeconds);
    r.put("plan", plan);
    r.put("loadavgBefore", ResultLine.loadavg());
    clients = new SseClients<>(URI.create(url), connecting.readyOn, connecting.threads, sourceIps, connecting.connectConcurrency);
    List<Client> cs = new ArrayList<>();
    String runError = null;
    AtomicLong rssPeak = new AtomicLong();
    Thread sampler = null;
    try {
      ProcStats.Sample s0 = procs.server();
      rssPeak.set(s0.rssBytes());
      sampler = procs.samplePeaks(rssPeak, new AtomicLong());
      long connectStart = System.nanoTime();
      for (int i = 0; i < connecting.connections; i++) cs.add(clients.add(new Client(i)));
      int ready = clients.openAll(cs, Math.min(hardDeadline, connectStart + connecting.connectTimeout * 1_000_000_000L));
      r.put("connectionsReady", ready);
      r.put("connectFailures", connecting.connections - ready);
      r.put("connectPhaseSeconds", ResultLine.secs(System.nanoTime() - connectStart));
      Thread.sleep(2000);
      disconnects.clear(); // connect-phase failures are the connect figures, not the overload's
      reconnects.reset();
      latency.getIntervalHistogram();

      ProcStats.Snapshot w0 = procs.snapshot();
      long[] base = new long[lanes];
      Map<String, Object> over = phase(overRate, overSeconds, base, lanes);
      overEnd = System.nanoTime();
      long[] afterOver = (long[]) over.remove("sentPerLane");
      backTarget = afterOver;
      clients.onEveryLoop(c -> c.checkBack(overEnd));
      Map<String, Object> after = phase(afterRate, afterSeconds, afterOver, lanes);
      long[] total = (long[]) after.remove("sentPerLane");
      for (int p = 0; p < lanes; p++) total[p] += afterOver[p];
      long drainEnd = Math.min(hardDeadline, System.nanoTime() + (long) (drainTimeout * 1e9));
      while (System.nanoTime() < drainEnd && !allHave(cs, total)) Thread.sleep(100);
      Histogram drainLatency = latency.getIntervalHistogram();
      after.put("latencyMsWithDrain", ResultLine.percentiles(merge((Histogram) after.remove("histogram"), drainLatency)));
      over.put("latencyMs", ResultLine.percentiles((Histogram) over.remove("histogram")));
      ProcStats.Snapshot w1 = procs.snapshot();
      r.put("over", over);
      r.put("after", after);
      cs.forEach(ReconnectingClient::stop);
      clients.close(); // the figures below are read once the loops have stopped

      long gaps = 0, dups = 0, reorders = 0, missing = 0;
      int back = 0, exact = 0;
      Histogram backMs = new Histogram(3_600_000_000L, 3);
      long latest = 0;
      for (Client c : cs) {
        long g = c.checker.gaps(), d = c.checker.duplicates(), o = c.checker.reorders(), m = c.checker.missing(total);
        gaps += g;
        dups += d;
        reorders += o;
        missing += m;
        if (g + d + o + m == 0) exact++;
        if (c.backAt > 0) {
          back++;
          long micros = Math.max(0, (c.backAt - overEnd) / 1000);
          backMs.recordValue(micros);
          latest = Math.max(latest, micros);
        }
      }
      long produced = 0;
      for (long v : total) produced += v;
      r.put("produced", produced);
      r.put("expectedDeliveries", produced * connecting.connections);
      r.put("delivered", delivered.sum());
      ResultLine.putOrder(r, gaps, dups, reorders, missing);
      r.put("lostEvents", gaps + missing);
      r.put("clientsBack", back);
      r.put("clientsExact", exact);
      Double allBack = back == connecting.connections ? ResultLine.round3(latest / 1e6) : null;
      r.put("allBackSeconds", allBack);
      r.put("backMs", ResultLine.percentiles(backMs));
      r.put("backWithinTarget", allBack != null && allBack <= targetSeconds && gaps + dups + reorders + missing == 0);
      Map<String, Long> byStatus = new LinkedHashMap<>();
      disconnects.forEach((status, n) -> byStatus.put(status == 0 ? "closed or dropped" : "HTTP " + status, n.sum()));
      r.put("disconnects", byStatus);
      r.put("reconnects", reconnects.sum());
      ResultLine.putCpu(r, w0, w1, delivered.sum());
      r.put("serverRssPeakMB", ResultLine.mb(rssPeak.get()));
      if (metricsUrl != null) r.put("serverMetrics", serverMetrics(metricsUrl));
      r.put("unparsedEvents", clients.unparsed());
      r.put("controlEvents", clients.controlEvents());
      r.put("errors", clients.topErrors());
      r.put("serverAliveAtEnd", procs.serverAlive());
    } catch (Exception e) {
      runError = SseClients.shortError(e);
    } finally {
      cs.forEach(ReconnectingClient::stop);
      if (sampler != null) sampler.interrupt();
      clients.close();
    }
    ResultLine.finish(r, runError, note, runStart, out);
    return runError == null ? 0 : 1;
  }

  /** One phase of production at {@code rate} for {@code seconds}, sequences from {@code first}. */
  private Map<String, Object> phase(double rate, double seconds, long[] first, int lanes) throws Exception {
    Map<String, Object> s = new LinkedHashMap<>();
    long events = Math.max(lanes, Math.round(rate * seconds));
    s.put("rate", RateSearch.round(rate));
    s.put("events", events);
    long delivered0 = delivered.sum();
    AtomicLong sinkErrors = new AtomicLong();
    AtomicReference<String> lastError = new AtomicReference<>();
    try (Producer producer = new Producer(producing.sink(produce, false, sinkErrors, lastError), lanes, events, rate, payload, first, true)) {
      producer.start();
      boolean all = producer.await((long) ((seconds + CapacityCommand.PRODUCE_GRACE) * 1000));
      if (!all) {
        producer.stop();
        producer.await(10_000);
      }
      long[] sent = producer.sentPerPartition();
      double secs = (producer.endNanos() - producer.startNanos()) / 1e9;
      s.put("produced", producer.sent());
      s.put("achievedRate", secs > 0 ? ResultLine.round1(producer.sent() / secs) : null);
      s.put("produceErrors", producer.sendErrors() + sinkErrors.get());
      if (producer.lastError() != null) s.put("produceLastError", producer.lastError());
      s.put("sentPerLane", sent);
    }
    s.put("deliveredDuring", delivered.sum() - delivered0);
    s.put("histogram", latency.getIntervalHistogram());
    return s;
  }

  private static boolean allHave(List<Client> cs, long[] total) {
    for (Client c : cs) if (!c.ready || !c.checker.hasUpTo(total)) return false;
    return true;
  }

  private static Histogram merge(Histogram a, Histogram b) {
    Histogram m = new Histogram(3_600_000_000L, 3);
    m.add(a);
    m.add(b);
    return m;
  }

  /** The overload meters of a Streamgate pod, from its Prometheus text (best effort). */
  static Map<String, Object> serverMetrics(String metricsUrl) {
    Map<String, Object> m = new LinkedHashMap<>();
    try {
      HttpResponse<String> res = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      for (String line : res.body().split("\n")) {
        if (line.startsWith("#")) continue;
        for (String name : List.of("streamgate_saturated_refused_total", "streamgate_write_budget_max_bytes", "streamgate_saturated ")) {
          if (line.startsWith(name)) m.put(name.trim(), Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
        }
        if (line.startsWith("streamgate_streams_closed_total{") && line.contains("reason=\"")) {
          String reason = line.substring(line.indexOf("reason=\"") + 8);
          reason = reason.substring(0, reason.indexOf('"'));
          m.put("closed " + reason, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
        }
      }
    } catch (Exception e) {
      m.put("error", SseClients.shortError(e));
    }
    return m;
  }
}
