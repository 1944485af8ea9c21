package dev.streamgate.bench;

import static dev.streamgate.bench.ResultLine.mb;
import static dev.streamgate.bench.ResultLine.percentiles;
import static dev.streamgate.bench.ResultLine.round1;
import static dev.streamgate.bench.ResultLine.round3;
import static dev.streamgate.bench.ResultLine.secs;

import io.netty.channel.Channel;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code conflate-1k} scenario, one variant per invocation: C clients on a topic of {@code
 * --keys} keys ({@link KeyRing}: each key in one partition) while {@code --events} are produced at
 * {@code --rate}; the URL says whether the stream is conflated ({@code conflate=250ms}) or sends
 * every record. Each client folds its key → value map ({@link KeyState}) and, like EventSource,
 * reconnects with its last id when the server ends its stream (a slow client cut, say). After the
 * production the clients are given {@code --drain-timeout} to reach the production's state; then,
 * outside the measured window, the topic's own fold is read from Kafka ({@link TopicFold}) and
 * every client's map is compared with it: exact or not.
 *
 * <p>Reported per client per second of the feed (the production's duration): deliveries (values
 * received), bytes (response bodies) and server CPU over the production and the drain; with the
 * age of each value at arrival, the batches, reconnects and, for the every-record variant, the
 * per-partition sequence check.
 */
@Command(
    name = "conflate",
    mixinStandardHelpOptions = true,
    description = "C clients on a keyed topic, conflated or not: per client per second deliveries, bytes and server CPU; every map checked against the topic's.")
public final class ConflateCommand implements Callable<Integer> {

  @Option(names = "--url", required = true, description = "the stream URL; with conflate=<window> for the conflated variant")
  String url;

  @Mixin ClientOptions connecting = new ClientOptions(1000, 60); // the defaults of --connections and --connect-timeout

  @Mixin ProduceOptions producing = new ProduceOptions();

  @Mixin ServerOptions procs = new ServerOptions();

  @Mixin ResultOptions result = new ResultOptions("streamgate", "conflate-1k");

  @Option(names = "--keys", defaultValue = "100", description = "distinct keys, each in one partition")
  int keys;

  @Option(names = "--events", defaultValue = "100000")
  long events;

  @Option(names = "--rate", defaultValue = "5000", description = "events/s in total")
  double rate;

  @Option(names = "--payload", defaultValue = "128")
  int payload;

  @Option(names = "--settle", defaultValue = "2", description = "seconds between ready and producing")
  double settle;

  @Option(names = "--drain-timeout", defaultValue = "60", description = "seconds after production for every client to reach the topic's state")
  double drainTimeout;

  @Option(names = "--stall-timeout", defaultValue = "20", description = "end the drain when nothing arrives for this long")
  double stallTimeout;

  @Option(names = "--reconnect-delay", defaultValue = "1", description = "seconds before a dropped client reconnects with its last id")
  double reconnectDelay;

  @Option(names = "--source-ips", defaultValue = "16")
  int sourceIps;

  @Option(names = "--max-duration", defaultValue = "400", description = "hard cap in seconds for the whole run")
  double maxDuration;

  @Option(names = "--out")
  Path out;

  @Option(names = "--note")
  String note;

  private SseClients<Client> clients;
  private KeyRing ring;
  private boolean conflated;
  private final LongAdder delivered = new LongAdder();
  private final LongAdder reconnects = new LongAdder();
  private final ConcurrentLinkedQueue<Histogram> ages = new ConcurrentLinkedQueue<>();
  private final ThreadLocal<Histogram> age =
      ThreadLocal.withInitial(
          () -> {
            Histogram h = new Histogram(3_600_000_000L, 3);
            ages.add(h);
            return h;
          });

  /** One client: its map, its sequence check, and when it last lost its connection. */
  final class Client extends SseClients.Client {
    final KeyState state = new KeyState(ring); // loop-owned
    final SeqChecker checker = new SeqChecker(); // loop-owned; the every-record variant's check
    /** When the reconnector first saw it down (0: up, or not seen yet); the reconnector's. */
    long downSince;

    Client(int idx) {
      super(clients, idx);
    }

    @Override
    void onPayload(Payload.Fields f, long now) {
      state.record(f.p, f.s);
      if (!conflated) checker.onEvent(f.p, f.s);
      delivered.increment();
      if (f.hasT) {
        long micros = (now - f.t) / 1000;
        if (micros >= 0 && micros < 3_600_000_000L) age.get().recordValue(micros);
      }
    }

    @Override
    void onDisconnected(int status, String retryAfter) {
      resumeId = parser.lastEventId(); // EventSource resumes from the last id it saw
    }
  }

  @Override
  public Integer call() throws Exception {
    long runStart = System.nanoTime();
    long hardDeadline = runStart + (long) (maxDuration * 1e9);
    URI uri = URI.create(url);
    String window = window(uri);
    conflated = !window.equals("off");
    ring = new KeyRing(keys, producing.partitions);
    int asked = connecting.connections;
    Map<String, Object> r = result.begin(url, asked);
    r.put("conflate", window);
    r.put("keys", keys);
    r.put("events", events);
    r.put("rate", rate);
    r.put("partitions", producing.partitions);
    r.put("payloadBytes", payload);
    r.put("loadavgBefore", ResultLine.loadavg());
    clients = new SseClients<>(uri, connecting.readyOn, connecting.threads, sourceIps, connecting.connectConcurrency);
    Producer producer = null;
    Thread reconnector = null;
    Thread sampler = null;
    String runError = null;
    try {
      ProcStats.Snapshot w0 = procs.snapshot();
      r.put("serverRssBeforeMB", mb(w0.server().rssBytes()));
      AtomicLong rssPeak = new AtomicLong(w0.server().rssBytes());
      AtomicLong brokerPeak = new AtomicLong(w0.broker().rssBytes());
      sampler = procs.samplePeaks(rssPeak, brokerPeak);

      List<Client> cs = new ArrayList<>();
      for (int i = 0; i < asked; i++) cs.add(clients.add(new Client(i)));
      long connectStart = System.nanoTime();
      int ready = clients.openAll(cs, Math.min(hardDeadline, connectStart + connecting.connectTimeout * 1_000_000_000L));
      r.put("connectionsReady", ready);
      r.put("connectFailures", asked - ready);
      r.put("connectMs", clients.connectMs());
      if (settle > 0) Thread.sleep((long) (settle * 1000));

      // ---- production and drain: the measured window ----
      reconnector = reconnector(cs);
      ProcStats.Snapshot w1 = procs.snapshot();
      long bytes0 = clients.bytes();
      AtomicLong sinkErrors = new AtomicLong();
      producer = new Producer(Producer.kafka(producing.bootstrap, producing.topic, false, sinkErrors, ring::key), producing.partitions, events, rate, payload);
      long start = System.nanoTime();
      producer.start();
      boolean all = producer.await(((long) Math.ceil(events / rate) + 60) * 1000);
      ResultLine.putProduced(r, producer, producer.sent(), sinkErrors, new AtomicReference<>(), all);
      long produceNanos = producer.endNanos() - producer.startNanos();
      long[] expected = ring.foldOf(producer.sentPerPartition());
      long producedAt = System.nanoTime();
      long exactAt = drain(cs, expected, Math.min(hardDeadline - 30_000_000_000L, producedAt + (long) (drainTimeout * 1e9)), r);
      long drainEnd = System.nanoTime();
      ProcStats.Snapshot w2 = procs.snapshot();
      long bytes = clients.bytes() - bytes0;
      reconnector.interrupt();
      reconnector.join(5_000);
      sampler.interrupt();

      // ---- the verdict, outside the window ----
      clients.close();
      TopicFold fold = TopicFold.read(producing.bootstrap, producing.topic, ring, Duration.ofSeconds(60));
      verdict(cs, fold, r);
      long values = delivered.sum();
      double feed = produceNanos / 1e9;
      int n = Math.max(1, ready);
      double serverCpu = w2.server().cpuSeconds() - w1.server().cpuSeconds();
      r.put("delivered", values);
      r.put("bytesReceived", bytes);
      r.put("batches", clients.controlEvents().getOrDefault("batch", 0L));
      r.put("feedSeconds", round3(feed));
      r.put("windowSeconds", secs(drainEnd - start));
      r.put("allExactAfterProductionSeconds", exactAt > 0 ? secs(Math.max(0, exactAt - producedAt)) : null);
      r.put("deliveriesPerClientPerSecond", round1(values / feed / n));
      r.put("bytesPerClientPerSecond", Math.round(bytes / feed / n));
      r.put("serverCpuSeconds", round3(serverCpu));
      r.put("serverCpuMsPerClientPerSecond", round3(serverCpu * 1000 / feed / n));
      r.put("serverCpuPer1000Events", values > 0 ? ResultLine.round4(serverCpu * 1000 / values) : null);
      ResultLine.putBrokerAndLoadToolCpu(r, w1, w2);
      r.put("latencyMs", percentiles(merged()));
      r.put("reconnects", reconnects.sum());
      r.put("serverCloses", clients.closes());
      r.put("unparsedEvents", clients.unparsed());
      r.put("controlEvents", clients.controlEvents());
      r.put("httpStatuses", clients.statuses());
      r.put("errors", clients.topErrors());
      r.put("serverRssPeakMB", mb(Math.max(rssPeak.get(), w2.server().rssBytes())));
      r.put("brokerRssPeakMB", mb(brokerPeak.get()));
      r.put("serverAliveAtEnd", procs.serverAlive());
    } catch (Exception e) {
      runError = SseClients.shortError(e);
    } finally {
      if (reconnector != null) reconnector.interrupt();
      if (sampler != null) sampler.interrupt();
      if (producer != null) producer.close();
      clients.close();
    }
    ResultLine.finish(r, runError, note, runStart, out);
    return runError == null ? 0 : 1;
  }

  /** The stream's {@code conflate} query parameter, or {@code off}. */
  static String window(URI uri) {
    String q = uri.getRawQuery();
    if (q != null) for (String kv : q.split("&")) if (kv.startsWith("conflate=")) return kv.substring(9);
    return "off";
  }

  /**
   * Until every client that was ever ready holds the production's state, the deadline, or a stall;
   * returns when they all did (0: not all did), and puts {@code drainStalled} when it stalled.
   */
  private long drain(List<Client> cs, long[] expected, long deadline, Map<String, Object> r) throws InterruptedException {
    int everReady = 0;
    for (Client c : cs) if (c.everReady) everReady++;
    int want = everReady;
    LongAdder exact = new LongAdder();
    long last = -1, progress = System.nanoTime();
    while (System.nanoTime() < deadline) {
      exact.reset();
      clients.onEveryLoop(c -> { if (c.everReady && c.state.equalsFold(expected)) exact.increment(); });
      if (exact.sum() >= want) return System.nanoTime();
      long d = delivered.sum();
      if (d != last) {
        last = d;
        progress = System.nanoTime();
      } else if (System.nanoTime() - progress > stallTimeout * 1e9) {
        r.put("drainStalled", true);
        return 0;
      }
      Thread.sleep(100);
    }
    return 0;
  }

  /**
   * Reopens, with its last id, every client whose connection the server ended, {@code
   * --reconnect-delay} after it was first seen down, within the connect permits; until interrupted.
   */
  private Thread reconnector(List<Client> cs) {
    long delay = (long) (reconnectDelay * 1e9);
    Thread t =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                long now = System.nanoTime();
                for (Client c : cs) {
                  Channel ch = c.ch;
                  if (!c.everReady || c.ready || c.closing || c.permitHeld.get() || (ch != null && ch.isActive())) {
                    c.downSince = 0;
                    continue;
                  }
                  if (c.downSince == 0) {
                    c.downSince = now;
                  } else if (now - c.downSince >= delay && clients.tryAcquire()) {
                    c.downSince = 0;
                    reconnects.increment();
                    clients.open(c);
                  }
                }
                try {
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "reconnector");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Every client's map against the topic's fold, and the every-record variant's sequences. */
  private void verdict(List<Client> cs, TopicFold fold, Map<String, Object> r) {
    long[] state = fold.latest();
    long exact = 0, wrongKeys = 0, regressions = 0, repeats = 0, unknown = 0;
    long gaps = 0, dups = 0, reorders = 0;
    int checked = 0;
    for (Client c : cs) { // the loops have stopped: their state is final and visible (close waited for them)
      if (!c.everReady) continue;
      checked++;
      KeyState s = c.state;
      if (s.equalsFold(state)) exact++;
      wrongKeys += s.wrongKeys(state);
      regressions += s.regressions();
      repeats += s.repeats();
      unknown += s.unknown();
      if (!conflated) {
        gaps += c.checker.gaps();
        dups += c.checker.duplicates();
        reorders += c.checker.reorders();
      }
    }
    r.put("topicRecords", fold.records());
    r.put("topicForeignRecords", fold.foreign());
    r.put("checkedClients", checked);
    r.put("exactClients", exact);
    r.put("wrongKeys", wrongKeys);
    r.put("keyRegressions", regressions);
    r.put("keyRepeats", repeats);
    r.put("unknownValues", unknown);
    if (!conflated) { // every record, in order per partition, across reconnects
      r.put("gaps", gaps);
      r.put("duplicates", dups);
      r.put("reorders", reorders);
    }
  }

  private Histogram merged() {
    Histogram m = new Histogram(3_600_000_000L, 3);
    for (Histogram h : ages) m.add(h);
    return m;
  }
}
