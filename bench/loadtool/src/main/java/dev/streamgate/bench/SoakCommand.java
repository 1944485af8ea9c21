package dev.streamgate.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The soak: a Streamgate pod served for {@code --minutes} at a steady rate with churn, sampled every
 * {@code --sample-seconds} ({@link SoakSampler}: heap after a full collection, RSS, threads, open
 * files and the pod's own gauges), so that a slow leak shows as growth after the warm-up ({@link
 * Growth}). What churns, all checked for exactness:
 *
 * <ul>
 *   <li>steady clients on the main topic for the whole soak, their streams ended by the pod's short
 *       lifetime and resumed with their last id (every event once, none missing at the end);
 *   <li>churn slots: a client after another on the main topic, each plain, with one of a few
 *       filters or with a projection (selection groups made and dropped), living a random while,
 *       then leaving (no gap, duplicate or reorder during its life);
 *   <li>snapshot rounds: clients opening {@code from=snapshot} on a compacted, keyed topic (every
 *       key exactly once before {@code caught-up}), then leaving, so the key table is dropped after
 *       its keep and built again;
 *   <li>a topic created and deleted per cycle, read by its own clients and by pattern clients
 *       ({@code <prefix>-tmp-*}) that stay for the soak: each cycle's events reach every one of them
 *       exactly once (each cycle's topic has lanes of its own in the payload).
 * </ul>
 *
 * <p>Threads: each client's state is its event loop's; the main thread schedules the rounds and
 * reads the clients after their loops stopped, or at a round's end through the loops.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, description = "Serve a pod for a long while with churn; sample it.")
public final class SoakCommand implements Callable<Integer> {

  @Option(names = "--base-url", required = true, description = "http://127.0.0.1:port")
  String baseUrl;

  @Option(names = "--prefix", required = true, description = "topic name prefix: <prefix>-main, -snap, -tmp-<n>")
  String prefix;

  @Option(names = "--bootstrap", defaultValue = "127.0.0.1:19092")
  String bootstrap;

  @Mixin ServerOptions procs = new ServerOptions();

  @Mixin ResultOptions result = new ResultOptions("streamgate", "soak");

  @Option(names = "--minutes", defaultValue = "60")
  double minutes;

  @Option(names = "--warmup-minutes", defaultValue = "10")
  double warmupMinutes;

  @Option(names = "--sample-seconds", defaultValue = "60")
  double sampleSeconds;

  @Option(names = "--rate", defaultValue = "40", description = "events/s on the main topic (half the measured capacity)")
  double rate;

  @Option(names = "--steady", defaultValue = "8000", description = "clients for the whole soak")
  int steady;

  @Option(names = "--churn", defaultValue = "1000", description = "slots of clients that come and go")
  int churn;

  @Option(names = "--life-seconds", defaultValue = "30,180", split = ",", description = "a churn client's life, min,max")
  List<Double> lifeSeconds = new ArrayList<>(List.of(30.0, 180.0));

  @Option(names = "--snapshot-every", defaultValue = "300", description = "seconds between snapshot rounds")
  double snapshotEvery;

  @Option(names = "--snapshot-clients", defaultValue = "50")
  int snapshotClients;

  @Option(names = "--snapshot-keys", defaultValue = "2000")
  int snapshotKeys;

  @Option(names = "--tmp-every", defaultValue = "300", description = "seconds between topics created and deleted")
  double tmpEvery;

  @Option(names = "--tmp-clients", defaultValue = "50")
  int tmpClients;

  @Option(names = "--tmp-events", defaultValue = "300")
  int tmpEvents;

  @Option(names = "--pattern-clients", defaultValue = "20")
  int patternClients;

  @Option(names = "--metrics-url", required = true)
  String metricsUrl;

  @Option(names = "--connect-concurrency", defaultValue = "200")
  int connectConcurrency;

  @Option(names = "--threads", defaultValue = "2", description = "event loop threads per client group")
  int threads;

  @Option(names = "--payload", defaultValue = "128")
  int payload;

  @Option(names = "--out")
  Path out;

  @Option(names = "--note")
  String note;

  /** Filter and projection variants of the churn clients: distinct selection groups, all passing. */
  static final List<String> VARIANTS = variants();

  private static List<String> variants() {
    List<String> v = new ArrayList<>();
    v.add("");
    for (int i = 0; i < 12; i++) v.add("filter=" + URLs.encode("value.p >= -" + i));
    v.add("fields=p,s,t,x");
    v.add("fields=p,s,t");
    return List.copyOf(v);
  }

  private final Counted statuses = new Counted();
  private final LongAdder lives = new LongAdder();
  private final LongAdder badLives = new LongAdder();
  private final AtomicLong churnIdx = new AtomicLong();

  /** A client of the soak: checks its own sequences; reconnects as a browser does. */
  class SoakClient extends ReconnectingClient {
    final SeqChecker checker = new SeqChecker();
    final BitSet snapshotKeysSeen;
    long snapshotRecords;
    long snapshotDuplicates;

    SoakClient(SseClients<?> owner, int idx, boolean snapshot) {
      super(owner, idx, statuses);
      this.snapshotKeysSeen = snapshot ? new BitSet() : null;
    }

    @Override
    void onPayload(Payload.Fields f, long now) {
      if (snapshotKeysSeen == null) {
        checker.onEvent(f.p, f.s);
      } else if (!everReady) { // before its caught-up: the snapshot
        snapshotRecords++;
        if (snapshotKeysSeen.get((int) f.s)) snapshotDuplicates++;
        snapshotKeysSeen.set((int) f.s);
      }
    }

    @Override
    void onReadyAgain(long now) {}
  }

  @Override
  public Integer call() throws Exception {
    long runStart = System.nanoTime();
    long end = runStart + (long) (minutes * 60e9);
    String main = prefix + "-main", snap = prefix + "-snap", anchor = prefix + "-tmp-0";
    Map<String, Object> r = result.begin(baseUrl + "/streams/" + main, steady + churn);
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("minutes", minutes);
    plan.put("warmupMinutes", warmupMinutes);
    plan.put("rate", rate);
    plan.put("steady", steady);
    plan.put("churnSlots", churn);
    plan.put("lifeSeconds", lifeSeconds);
    plan.put("snapshotEvery", snapshotEvery);
    plan.put("snapshotClients", snapshotClients);
    plan.put("snapshotKeys", snapshotKeys);
    plan.put("tmpEvery", tmpEvery);
    plan.put("tmpClients", tmpClients);
    plan.put("patternClients", patternClients);
    r.put("plan", plan);
    r.put("loadavgBefore", ResultLine.loadavg());
    SoakSampler sampler = new SoakSampler(procs.serverPids.get(0), metricsUrl);
    List<Map<String, Object>> samples = new ArrayList<>();
    String runError = null;
    SseClients<SoakClient> steadyClients = group(baseUrl + "/streams/" + main, null);
    SseClients<SoakClient> churnClients =
        group(baseUrl + "/streams/" + main, i -> target("/streams/" + main, VARIANTS.get(i % VARIANTS.size())));
    SseClients<SoakClient> patterns = group(baseUrl + "/streams/" + prefix + "-tmp-*", null);
    Producer mainProducer = null;
    Map<String, Object> snapshots = new LinkedHashMap<>();
    Map<String, Object> tmps = new LinkedHashMap<>();
    try (Admin admin = admin(); KafkaProducer<byte[], byte[]> keyed = keyedProducer()) {
      create(admin, main, 3, false);
      create(admin, snap, 3, true);
      create(admin, anchor, 1, false);
      for (int k = 0; k < snapshotKeys; k++) sendKey(keyed, snap, k);
      keyed.flush();
      samples.add(sampler.sample(0));

      List<SoakClient> steadyList = new ArrayList<>();
      for (int i = 0; i < steady; i++) steadyList.add(steadyClients.add(new SoakClient(steadyClients, i, false)));
      r.put("steadyReady", steadyClients.openAll(steadyList, System.nanoTime() + 120_000_000_000L));
      List<SoakClient> patternList = new ArrayList<>();
      for (int i = 0; i < patternClients; i++) patternList.add(patterns.add(new SoakClient(patterns, i, false)));
      r.put("patternReady", patterns.openAll(patternList, System.nanoTime() + 60_000_000_000L));

      long events = (long) Math.ceil(rate * (end - System.nanoTime()) / 1e9);
      mainProducer = new Producer(Producer.kafka(bootstrap, main, false, new AtomicLong()), 3, events, rate, payload);
      mainProducer.start();
      List<SoakClient> churned = new ArrayList<>();
      long[] diesAt = new long[churn];
      SoakClient[] slot = new SoakClient[churn];
      // snapshot rounds and topic cycles take a minute or so each: one at a time, beside the churn
      java.util.concurrent.ExecutorService rounds = java.util.concurrent.Executors.newSingleThreadExecutor();
      List<java.util.concurrent.Future<Map<String, Object>>> snapshotFutures = new ArrayList<>();
      List<java.util.concurrent.Future<Map<String, Object>>> tmpFutures = new ArrayList<>();
      long nextSample = System.nanoTime() + (long) (sampleSeconds * 1e9);
      long nextSnapshot = System.nanoTime() + (long) (snapshotEvery * 1e9 / 2);
      long nextTmp = System.nanoTime() + (long) (tmpEvery * 1e9 / 3);
      int tmpCycle = 0;
      while (System.nanoTime() < end) {
        long now = System.nanoTime();
        for (int s = 0; s < churn; s++) { // churn: a slot's client leaves at its time, the next comes
          if (now < diesAt[s]) continue;
          if (slot[s] != null) leave(churnClients, slot[s]);
          if (!churnClients.tryAcquire()) break;
          SoakClient c = churnClients.add(new SoakClient(churnClients, (int) churnIdx.getAndIncrement(), false));
          churnClients.open(c);
          slot[s] = c;
          churned.add(c);
          lives.increment();
          double life = lifeSeconds.get(0) + ThreadLocalRandom.current().nextDouble() * (lifeSeconds.get(1) - lifeSeconds.get(0));
          diesAt[s] = now + (long) (life * 1e9) + (long) (ThreadLocalRandom.current().nextDouble(5) * 1e9);
        }
        if (now >= nextSnapshot) {
          snapshotFutures.add(rounds.submit(() -> snapshotRound(snap, keyed)));
          nextSnapshot = now + (long) (snapshotEvery * 1e9);
        }
        if (now >= nextTmp && now + 90_000_000_000L < end) {
          int n = ++tmpCycle;
          tmpFutures.add(rounds.submit(() -> tmpCycle(admin, n, patterns, patternList)));
          nextTmp = now + (long) (tmpEvery * 1e9);
        }
        if (now >= nextSample) {
          samples.add(sampler.sample((now - runStart) / 60e9));
          nextSample += (long) (sampleSeconds * 1e9);
        }
        Thread.sleep(200);
      }
      mainProducer.await(30_000);
      rounds.shutdown();
      List<Map<String, Object>> snapshotRounds = results(snapshotFutures);
      List<Map<String, Object>> tmpCycles = results(tmpFutures);
      long[] total = mainProducer.sentPerPartition();
      long drainEnd = System.nanoTime() + 30_000_000_000L;
      while (System.nanoTime() < drainEnd && !allHave(steadyList, total)) Thread.sleep(200);
      samples.add(sampler.sample((System.nanoTime() - runStart) / 60e9));
      steadyList.forEach(ReconnectingClient::stop);
      patternList.forEach(ReconnectingClient::stop);
      churned.forEach(ReconnectingClient::stop);
      steadyClients.close();
      churnClients.close();
      patterns.close();

      long gaps = 0, dups = 0, reorders = 0, missing = 0;
      int exactSteady = 0;
      for (SoakClient c : steadyList) {
        long g = c.checker.gaps(), d = c.checker.duplicates(), o = c.checker.reorders(), m = c.checker.missing(total);
        gaps += g;
        dups += d;
        reorders += o;
        missing += m;
        if (g + d + o + m == 0) exactSteady++;
      }
      for (SoakClient c : churned) {
        long bad = c.checker.gaps() + c.checker.duplicates() + c.checker.reorders();
        if (bad > 0) badLives.increment();
        gaps += c.checker.gaps();
        dups += c.checker.duplicates();
        reorders += c.checker.reorders();
      }
      ResultLine.putOrder(r, gaps, dups, reorders, missing);
      r.put("produced", mainProducer.sent());
      r.put("steadyExact", exactSteady + " of " + steady);
      r.put("churnLives", lives.sum());
      r.put("churnLivesWithOrderErrors", badLives.sum());
      snapshots.put("rounds", snapshotRounds);
      tmps.put("cycles", tmpCycles);
      r.put("snapshots", snapshots);
      r.put("topics", tmps);
      int patternExact = 0;
      for (SoakClient c : patternList) if (c.checker.gaps() + c.checker.duplicates() + c.checker.reorders() == 0) patternExact++;
      r.put("patternExact", patternExact + " of " + patternClients);
      r.put("statuses", statuses.byStatus());
      r.put("reconnects", statuses.reconnects.sum());
      r.put("unparsedEvents", steadyClients.unparsed() + churnClients.unparsed() + patterns.unparsed());
      Map<String, Long> errors = new LinkedHashMap<>();
      for (SseClients<SoakClient> g : List.of(steadyClients, churnClients, patterns)) g.topErrors().forEach((k, v) -> errors.merge(k, v, Long::sum));
      r.put("errors", errors);
    } catch (Exception e) {
      runError = SseClients.shortError(e);
    } finally {
      if (mainProducer != null) mainProducer.close();
      steadyClients.close();
      churnClients.close();
      patterns.close();
    }
    r.put("samples", samples);
    r.put("growth", growth(samples));
    r.put("serverAliveAtEnd", procs.serverAlive());
    ResultLine.finish(r, runError, note, runStart, out);
    return runError == null ? 0 : 1;
  }

  /** One snapshot round: clients open {@code from=snapshot}, each must see every key once, then leave. */
  private Map<String, Object> snapshotRound(String snap, KafkaProducer<byte[], byte[]> keyed) throws Exception {
    for (int i = 0; i < 20; i++) sendKey(keyed, snap, ThreadLocalRandom.current().nextInt(snapshotKeys)); // updates
    SseClients<SoakClient> g = new SseClients<>(URI.create(baseUrl + "/streams/" + snap + "?from=snapshot"), "event:caught-up", 1, 16, connectConcurrency);
    List<SoakClient> cs = new ArrayList<>();
    try {
      for (int i = 0; i < snapshotClients; i++) cs.add(g.add(new SnapshotClient(g, i)));
      long t0 = System.nanoTime();
      int ready = g.openAll(cs, System.nanoTime() + 60_000_000_000L);
      Map<String, Object> round = new LinkedHashMap<>();
      round.put("ready", ready);
      round.put("seconds", ResultLine.secs(System.nanoTime() - t0));
      int exact = 0;
      for (SoakClient c : cs) if (c.snapshotRecords == snapshotKeys && c.snapshotDuplicates == 0 && c.snapshotKeysSeen.cardinality() == snapshotKeys) exact++;
      round.put("exact", exact);
      cs.forEach(ReconnectingClient::stop);
      return round;
    } finally {
      g.close();
    }
  }

  /** A snapshot client: everything before its {@code caught-up} is the snapshot. */
  final class SnapshotClient extends SoakClient {
    SnapshotClient(SseClients<?> owner, int idx) {
      super(owner, idx, true);
    }

    @Override
    void onDisconnected(int status, String retryAfter) {
      statuses.disconnected(status); // a snapshot client does not come back
    }
  }

  /**
   * One topic's life: created, read by its own clients and the pattern clients, {@code --tmp-events}
   * produced with lanes of its own, and deleted once everyone had them (or after 60 s).
   */
  private Map<String, Object> tmpCycle(Admin admin, int n, SseClients<SoakClient> patterns, List<SoakClient> patternList)
      throws Exception {
    String topic = prefix + "-tmp-" + n;
    create(admin, topic, 3, false);
    Map<String, Object> cycle = new LinkedHashMap<>();
    cycle.put("topic", topic);
    SseClients<SoakClient> g = new SseClients<>(URI.create(baseUrl + "/streams/" + topic), "event:caught-up", 1, 16, connectConcurrency);
    List<SoakClient> cs = new ArrayList<>();
    try {
      for (int i = 0; i < tmpClients; i++) cs.add(g.add(new SoakClient(g, i, false)));
      cycle.put("ready", g.openAll(cs, System.nanoTime() + 60_000_000_000L));
      Thread.sleep(7000); // the pattern clients' pods list topics every 5 s: this one joins them first
      long[] target = new long[3 * n + 3];
      try (Producer p = new Producer(Producer.kafka(bootstrap, topic, false, new AtomicLong()), 3, tmpEvents, 50, payload).payloadLanes(3 * n)) {
        p.start();
        p.await(60_000);
        long[] sent = p.sentPerPartition();
        for (int q = 0; q < 3; q++) target[3 * n + q] = sent[q];
      }
      long until = System.nanoTime() + 60_000_000_000L;
      while (System.nanoTime() < until && !(haveLanes(cs, target, 3 * n) && haveLanes(patternList, target, 3 * n))) Thread.sleep(200);
      cycle.put("clientsExact", exact(g, target, 3 * n));
      cycle.put("patternExact", exact(patterns, target, 3 * n));
      cs.forEach(ReconnectingClient::stop);
      admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      cycle.put("deleted", true);
      return cycle;
    } finally {
      g.close();
    }
  }

  /** Each round's result, or its failure as a result. */
  private static List<Map<String, Object>> results(List<java.util.concurrent.Future<Map<String, Object>>> futures) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (var f : futures) {
      try {
        out.add(f.get(5, TimeUnit.MINUTES));
      } catch (Exception e) {
        out.add(Map.of("error", SseClients.shortError(e.getCause() != null ? e.getCause() : e)));
      }
    }
    return out;
  }

  private static boolean haveLanes(List<SoakClient> cs, long[] target, int from) {
    for (SoakClient c : cs) {
      for (int q = from; q < from + 3; q++) if (target[q] > 0 && c.checker.last(q) < target[q] - 1) return false;
    }
    return true;
  }

  /** Clients of the group that have exactly the cycle's lanes (read on their loops). */
  private static int exact(SseClients<SoakClient> g, long[] target, int from) throws InterruptedException {
    java.util.concurrent.atomic.AtomicInteger exact = new java.util.concurrent.atomic.AtomicInteger();
    g.onEveryLoop(c -> {
      boolean ok = true;
      for (int q = from; q < from + 3; q++) ok &= c.checker.distinct(q) == target[q] && c.checker.last(q) == target[q] - 1;
      if (ok && c.checker.duplicates() == 0 && c.checker.reorders() == 0) exact.incrementAndGet();
    });
    return exact.get();
  }

  private static void leave(SseClients<SoakClient> g, SoakClient c) {
    c.stop();
    g.leave(c);
  }

  private static boolean allHave(List<SoakClient> cs, long[] total) {
    for (SoakClient c : cs) if (!c.checker.hasUpTo(total)) return false;
    return true;
  }

  private SseClients<SoakClient> group(String url, java.util.function.IntFunction<String> targets) {
    return new SseClients<>(URI.create(url), targets, "event:caught-up", threads, 16, connectConcurrency);
  }

  private static String target(String path, String query) {
    return query.isEmpty() ? path : path + "?" + query;
  }

  /** Growth after warm-up of each sampled figure (heap, RSS, threads, open files, the gauges). */
  private Map<String, Object> growth(List<Map<String, Object>> samples) {
    Map<String, Object> g = new LinkedHashMap<>();
    double[] minutes = samples.stream().mapToDouble(s -> ((Number) s.get("minute")).doubleValue()).toArray();
    Map<String, double[]> margins = new LinkedHashMap<>();
    margins.put("heapAfterGcMB", new double[] {0.10, 16});
    margins.put("rssMB", new double[] {0.10, 32});
    margins.put("threads", new double[] {0.05, 5});
    margins.put("openFiles", new double[] {0.05, 50});
    for (String gauge : List.of("streamgate_tails_running", "streamgate_snapshot_tables", "streamgate_filter_compiled", "streamgate_catchup_readers")) {
      margins.put(gauge, new double[] {0.5, 2});
    }
    margins.forEach((name, m) -> {
      double[] values = samples.stream().mapToDouble(s -> s.get(name) instanceof Number n ? n.doubleValue() : Double.NaN).toArray();
      Growth growth = Growth.of(minutes, values, warmupMinutes, m[0], m[1]);
      if (growth != null) g.put(name, growth);
    });
    return g;
  }

  private Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return Admin.create(p);
  }

  private static void create(Admin admin, String topic, int partitions, boolean compact) throws Exception {
    NewTopic t = new NewTopic(topic, partitions, (short) 1);
    if (compact) t = t.configs(Map.of("cleanup.policy", "compact"));
    admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
    for (int i = 0; i < 100; i++) { // until every partition has a leader
      try {
        var d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
        if (d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) return;
      } catch (java.util.concurrent.ExecutionException e) {
        // just created: the broker's metadata may not have it yet
        if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) throw e;
      }
      Thread.sleep(100);
    }
  }

  private KafkaProducer<byte[], byte[]> keyedProducer() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "1");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return new KafkaProducer<>(props);
  }

  /** Key {@code k} of the snapshot topic: its value is the payload with s = k. */
  private void sendKey(KafkaProducer<byte[], byte[]> keyed, String snap, int k) {
    keyed.send(new ProducerRecord<>(snap, ("s" + k).getBytes(StandardCharsets.US_ASCII), Payload.build(0, k, System.nanoTime(), payload)));
  }

  /** Disconnects by status and reconnects, over every client of the soak. */
  static final class Counted implements ReconnectingClient.Counters {
    final Map<Integer, LongAdder> disconnects = new java.util.concurrent.ConcurrentHashMap<>();
    final LongAdder reconnects = new LongAdder();

    @Override
    public void disconnected(int status) {
      disconnects.computeIfAbsent(status, k -> new LongAdder()).increment();
    }

    @Override
    public void reconnecting(long delayMillis) {
      reconnects.increment();
    }

    Map<String, Long> byStatus() {
      Map<String, Long> m = new LinkedHashMap<>();
      disconnects.forEach((s, n) -> m.put(s == 0 ? "closed or dropped" : "HTTP " + s, n.sum()));
      return m;
    }
  }

  /** Query encoding for the variants. */
  static final class URLs {
    private URLs() {}

    static String encode(String s) {
      return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
  }
}
