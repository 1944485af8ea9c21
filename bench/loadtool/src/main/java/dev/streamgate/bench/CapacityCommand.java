package dev.streamgate.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The capacity scenario: the highest offered rate at which a system still delivers 99 % of the
 * events to C clients with a p99 under 1 s ({@link StepVerdict}). The C connections are opened once
 * and kept; the offered rate is stepped ({@link RateSearch}: up by a factor until a step fails,
 * then bisected), each step producing for {@code --step-seconds} with sequences continuing from the
 * previous step, followed by a bounded drain. After each step the system is given a moment without
 * deliveries (bounded), and before the next one clients the server closed are reopened at the live
 * head, so a failed step's backlog is not judged as the next step's; what still arrives from an
 * earlier step is counted as late, not delivered. An unjudged warm-up step at the start rate comes
 * first, so that a cold JIT cannot fail the first step and send the search down. Latency is
 * measured from the moment each event was due (see {@link Producer}). The whole search is bounded
 * by {@code --max-duration}: a step that might not fit is not started. Writes one JSON line with
 * every step's criteria.
 */
@Command(name = "capacity", mixinStandardHelpOptions = true, description = "Step the offered rate on C open connections.")
public final class CapacityCommand implements Callable<Integer> {

  @Option(names = "--url", required = true)
  String url;

  @Mixin ClientOptions connecting = new ClientOptions(10000, 60); // the defaults of --connections and --connect-timeout

  @Mixin ProduceOptions producing = new ProduceOptions();

  @Mixin ServerOptions procs = new ServerOptions();

  @Mixin ResultOptions result = new ResultOptions("system", "capacity");

  @Option(names = "--reopen-timeout", defaultValue = "20", description = "seconds to reopen closed clients before a step")
  int reopenTimeout;

  @Option(names = "--source-ips", defaultValue = "16")
  int sourceIps;

  @Option(names = "--produce", defaultValue = "kafka", description = "kafka | http")
  String produce;

  @Option(names = "--payload", defaultValue = "128")
  int payload;

  @Option(names = "--start-rate", defaultValue = "10", description = "events/s in total of the first step")
  double startRate;

  @Option(names = "--factor", defaultValue = "2", description = "rate multiplier until a step fails")
  double factor;

  @Option(names = "--min-rate", defaultValue = "1")
  double minRate;

  @Option(names = "--max-rate", defaultValue = "5000")
  double maxRate;

  @Option(names = "--bisections", defaultValue = "3")
  int bisections;

  @Option(names = "--max-steps", defaultValue = "8")
  int maxSteps;

  @Option(names = "--step-seconds", defaultValue = "15", description = "production per step")
  double stepSeconds;

  @Option(names = "--drain-timeout", defaultValue = "10", description = "seconds after production to wait for every client")
  double drainTimeout;

  @Option(names = "--stall-timeout", defaultValue = "5")
  double stallTimeout;

  @Option(names = "--quiet", defaultValue = "1", description = "seconds without deliveries before a step starts")
  double quiet;

  @Option(names = "--quiet-max", defaultValue = "10", description = "longest wait for that quiet after a step")
  double quietMax;

  @Option(names = "--warmup-seconds", defaultValue = "5", description = "an unjudged step at the start rate first; 0 = none")
  double warmupSeconds;

  @Option(names = "--max-duration", defaultValue = "320", description = "hard cap in seconds for the whole search")
  double maxDuration;

  @Option(names = "--out")
  Path out;

  @Option(names = "--note")
  String note;

  /** Seconds a producer may overrun its step before it is stopped. */
  static final double PRODUCE_GRACE = 5;

  @Override
  public Integer call() throws Exception {
    long runStart = System.nanoTime();
    long hardDeadline = runStart + (long) (maxDuration * 1e9);
    Map<String, Object> r = result.begin(url, connecting.connections);
    r.put("partitions", producing.partitions);
    r.put("payloadBytes", payload);
    r.put("loadavgBefore", ResultLine.loadavg());
    r.put("criteria", Map.of("minDeliveredRatio", StepVerdict.MIN_DELIVERED_RATIO, "maxP99Ms", StepVerdict.MAX_P99_MS));
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("startRate", startRate);
    plan.put("factor", factor);
    plan.put("minRate", minRate);
    plan.put("maxRate", maxRate);
    plan.put("bisections", bisections);
    plan.put("maxSteps", maxSteps);
    plan.put("stepSeconds", stepSeconds);
    plan.put("drainTimeout", drainTimeout);
    plan.put("quietSeconds", quiet);
    plan.put("quietMax", quietMax);
    plan.put("warmupSeconds", warmupSeconds);
    plan.put("maxDuration", maxDuration);
    r.put("search", plan);
    RateSearch search = new RateSearch(startRate, factor, minRate, maxRate, bisections, maxSteps);
    List<Map<String, Object>> steps = new ArrayList<>();
    String runError = null;
    ClientSet clients = new ClientSet(URI.create(url), connecting.readyOn, connecting.threads, sourceIps, connecting.connectConcurrency);
    try {
      ProcStats.Sample s0 = procs.server();
      r.put("serverRssBeforeMB", ResultLine.mb(s0.rssBytes()));
      long connectStart = System.nanoTime();
      int ready = clients.connect(connecting.connections, Math.min(hardDeadline, connectStart + connecting.connectTimeout * 1_000_000_000L));
      r.put("connectionsReady", ready);
      r.put("connectFailures", connecting.connections - ready);
      r.put("connectPhaseSeconds", ResultLine.secs(System.nanoTime() - connectStart));
      r.put("connectMs", clients.connectMs());
      ProcStats.Sample s1 = procs.server();
      r.put("serverRssConnectedMB", ResultLine.mb(s1.rssBytes()));
      if (ready > 0) r.put("memPerConnKB", ResultLine.round1((s1.rssBytes() - s0.rssBytes()) / 1024.0 / ready));
      if (ready == 0) search.stop("no client connected");

      long[] base = new long[producing.partitions];
      if (ready > 0 && warmupSeconds > 0) {
        Map<String, Object> warm = step(clients, startRate, base, warmupSeconds);
        warm.put("judged", false);
        long[] planned = (long[]) warm.remove("plannedPerPartition");
        for (int p = 0; p < producing.partitions; p++) base[p] += planned[p];
        r.put("warmup", warm);
      }
      for (OptionalDouble next = search.next(); next.isPresent(); next = search.next()) {
        double rate = next.getAsDouble();
        boolean mayReopen = clients.open() < connecting.connections;
        double worst = (mayReopen ? reopenTimeout : 0) + stepSeconds + 2 * PRODUCE_GRACE + drainTimeout + quietMax + 15;
        if (System.nanoTime() + (long) (worst * 1e9) > hardDeadline) {
          search.stop("time bound: the next step (" + RateSearch.round(rate) + " ev/s) might not end within --max-duration " + (long) maxDuration + " s");
          break;
        }
        Map<String, Object> step = step(clients, rate, base, stepSeconds);
        steps.add(step);
        search.record(rate, (Boolean) step.get("passed"));
        long[] planned = (long[]) step.remove("plannedPerPartition");
        for (int p = 0; p < producing.partitions; p++) base[p] += planned[p];
      }
      ProcStats.Sample s9 = procs.server();
      r.put("serverRssEndMB", ResultLine.mb(s9.rssBytes()));
    } catch (Exception e) {
      runError = e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
      search.stop("error: " + runError);
    } finally {
      clients.close();
    }
    double best = search.highestPass();
    double fail = search.lowestFail();
    r.put("capacityEventsPerSecond", Double.isNaN(best) ? null : best);
    r.put("capacityDeliveriesPerSecond", Double.isNaN(best) ? null : Math.round(best * connecting.connections));
    r.put("firstFailingEventsPerSecond", Double.isNaN(fail) ? null : fail);
    r.put("stopReason", search.stopReason());
    r.put("stepCount", steps.size());
    r.put("steps", steps);
    r.put("unexpectedCloses", clients.closes());
    r.put("unparsedEvents", clients.unparsed());
    r.put("controlEvents", clients.controlEvents());
    r.put("errors", clients.topErrors());
    r.put("serverAliveAtEnd", procs.serverAlive());
    ResultLine.finish(r, runError, note, runStart, out);
    return runError == null ? 0 : 1;
  }

  /** One step at {@code rate}: reopen closed clients, produce, drain, judge, wait for quiet. */
  private Map<String, Object> step(ClientSet clients, double rate, long[] base, double seconds) throws Exception {
    Map<String, Object> s = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    s.put("rate", rate);
    s.put("offeredDeliveriesPerSecond", Math.round(rate * connecting.connections));
    int closed = connecting.connections - clients.open();
    int reopened = closed > 0 ? clients.reopen(System.nanoTime() + reopenTimeout * 1_000_000_000L) : 0;
    s.put("reopenedBefore", reopened + " of " + closed);
    int openAtStart = clients.open();
    s.put("openAtStart", openAtStart);

    int partitions = producing.partitions;
    long events = Math.max(partitions, Math.round(rate * seconds));
    long[] planned = new long[partitions];
    for (int p = 0; p < partitions; p++) planned[p] = Producer.countFor(events, partitions, p);
    s.put("events", events);
    long closes0 = clients.closes();
    clients.beginStep(base, planned);
    long late0 = clients.late();
    ProcStats.Snapshot w0 = procs.snapshot();
    AtomicLong sinkErrors = new AtomicLong();
    Producer.Sink sink = producing.sink(produce, false, sinkErrors, new AtomicReference<>());
    long[] sentPer;
    List<long[]> unsent;
    boolean allInTime;
    try (Producer producer = new Producer(sink, partitions, events, rate, payload, base, true)) {
      producer.start();
      allInTime = producer.await((long) ((seconds + PRODUCE_GRACE) * 1000));
      if (!allInTime) {
        producer.stop();
        producer.await((long) (PRODUCE_GRACE * 1000) + 10_000); // an HTTP send in flight ends within its 10 s timeout
      }
      sentPer = producer.sentPerPartition();
      unsent = producer.failed();
      s.put("produced", producer.sent());
      double secs = (producer.endNanos() - producer.startNanos()) / 1e9;
      s.put("produceSeconds", ResultLine.round3(secs));
      s.put("achievedRate", secs > 0 ? ResultLine.round1(producer.sent() / secs) : null);
      s.put("produceErrors", producer.sendErrors() + sinkErrors.get());
      if (producer.lastError() != null) s.put("produceLastError", producer.lastError());
    }
    long sentTotal = 0;
    for (long v : sentPer) sentTotal += v;
    allInTime = allInTime && sentTotal == events;

    long drainEnd = System.nanoTime() + (long) (drainTimeout * 1e9);
    if (Drain.await(drainEnd, stallTimeout, clients::deliveries, () -> clients.complete() >= clients.open() && clients.complete() > 0)) {
      s.put("drainStalled", true);
    }
    ProcStats.Snapshot w1 = procs.snapshot();
    long lateDuring = clients.late() - late0;
    RangeTally t = clients.endStep(base, sentPer, unsent);
    Histogram lat = clients.takeLatency();
    long closedDuring = clients.closes() - closes0;
    long late1 = clients.late();
    long quietDeadline = System.nanoTime() + (long) (quietMax * 1e9);
    while (System.nanoTime() < quietDeadline && System.nanoTime() - clients.lastDelivery() < quiet * 1e9) Thread.sleep(50);
    boolean quietReached = System.nanoTime() - clients.lastDelivery() >= quiet * 1e9;

    long expected = (sentTotal - unsent.size()) * connecting.connections;
    double ratio = expected > 0 ? (double) t.delivered() / expected : 0;
    Map<String, Object> pct = ResultLine.percentiles(lat);
    Double p99 = pct == null ? null : ((Number) pct.get("p99")).doubleValue();
    StepVerdict v = StepVerdict.of(ratio, p99, allInTime);
    s.put("expectedDeliveries", expected);
    s.put("delivered", t.delivered());
    s.put("deliveredRatio", ResultLine.round4(ratio));
    s.put("latencyMs", pct);
    ResultLine.putOrder(s, t.gaps(), t.duplicates(), t.reorders(), t.missing());
    s.put("completeClients", clients.complete());
    s.put("closedDuring", closedDuring);
    s.put("lateFromEarlierSteps", lateDuring);
    s.put("arrivedAfterDrain", clients.late() - late1);
    s.put("quietAfter", quietReached);
    ResultLine.putCpu(s, w0, w1, t.delivered());
    s.put("serverRssMB", ResultLine.mb(w1.server().rssBytes()));
    s.put("loadavg", ResultLine.loadavg());
    s.put("passed", v.passed());
    if (!v.passed()) s.put("failedBecause", v.failedBecause());
    s.put("elapsedSeconds", ResultLine.secs(System.nanoTime() - t0));
    s.put("plannedPerPartition", planned); // removed by the caller after it advanced the sequences
    return s;
  }
}
