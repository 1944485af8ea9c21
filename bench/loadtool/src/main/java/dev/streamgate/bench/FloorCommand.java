package dev.streamgate.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The latency floor: the scenario's production (same {@link Producer}, payload, rate, events and
 * partitions) into a fresh topic, read by one plain KafkaConsumer on the same broker, timing
 * producer send → poll return per record. No HTTP, no fan-out: what any Kafka-backed server pays
 * before it does anything. The consumer mirrors Streamgate's topic reader ({@code TopicTail} with
 * {@code KafkaClients.readerProperties}) where it matters for latency: group-less, {@code assign()}
 * of every partition, read_committed, 500 records per poll, a 500 ms poll, and the broker's fetch
 * defaults spelled out (fetch.min.bytes=1 answers as soon as any record is there, so
 * fetch.max.wait.ms=500 only bounds an empty fetch). It is positioned at the end of every partition
 * before the first event is sent. Writes one JSON line in {@code run}'s schema (system
 * {@code kafka-floor}, one "connection").
 *
 * <p>Threads: the consumer, its checker and its histogram belong to the poll thread; the main
 * thread reads them only after joining it.
 */
@Command(name = "floor", mixinStandardHelpOptions = true, description = "Produce, read with one plain consumer, measure send → poll.")
public final class FloorCommand implements Callable<Integer> {

  @Option(names = "--bootstrap", defaultValue = "127.0.0.1:19092")
  String bootstrap;

  @Option(names = "--topic", required = true, description = "a fresh topic with --partitions partitions")
  String topic;

  @Option(names = "--events", defaultValue = "3000")
  long events;

  @Option(names = "--rate", defaultValue = "100", description = "events/s in total; 0 = burst")
  double rate;

  @Option(names = "--partitions", defaultValue = "3")
  int partitions;

  @Option(names = "--payload", defaultValue = "128")
  int payload;

  @Option(names = "--keys", defaultValue = "0", description = "keyed lanes over the partitions, as run's --keys")
  int keys;

  @Option(names = "--settle", defaultValue = "2", description = "seconds between the first poll and producing")
  double settle;

  @Option(names = "--drain-timeout", defaultValue = "15")
  double drainTimeout;

  @Option(names = "--stall-timeout", defaultValue = "10", description = "end the drain when nothing arrives for this long")
  double stallTimeout;

  @Option(names = "--max-duration", defaultValue = "300", description = "hard cap in seconds for the whole run")
  double maxDuration;

  @Option(names = "--poll-ms", defaultValue = "500", description = "poll timeout, as TopicTail's")
  long pollMs;

  @Option(names = "--fetch-max-wait-ms", defaultValue = "500")
  int fetchMaxWaitMs;

  @Option(names = "--fetch-min-bytes", defaultValue = "1")
  int fetchMinBytes;

  @Option(names = "--max-poll-records", defaultValue = "500", description = "as Streamgate's topic reader")
  int maxPollRecords;

  @Option(names = "--broker-pid", split = ",")
  List<Long> brokerPids = new ArrayList<>();

  @Mixin ResultOptions result = new ResultOptions("kafka-floor", "scenario");

  @Option(names = "--out", description = "append the JSON result line here")
  Path out;

  @Option(names = "--note")
  String note;

  private final AtomicLong received = new AtomicLong();
  private final AtomicLong unparsed = new AtomicLong();
  private final Histogram latency = new Histogram(3_600_000_000L, 3);
  private final SeqChecker checker = new SeqChecker();
  private final CountDownLatch positioned = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile boolean complete;
  private volatile long lastReceipt;
  private volatile String pollError;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private long[] expectedPer;
  private AtomicLongArray highest;

  Properties consumerProperties() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "kafka-floor");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(maxPollRecords));
    p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, String.valueOf(fetchMinBytes));
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, String.valueOf(fetchMaxWaitMs));
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  @Override
  public Integer call() throws Exception {
    long runStart = System.nanoTime();
    long hardDeadline = runStart + (long) (maxDuration * 1e9);
    int lanes = keys > 0 ? keys : partitions;
    expectedPer = new long[lanes];
    highest = new AtomicLongArray(lanes);
    for (int p = 0; p < lanes; p++) {
      expectedPer[p] = Producer.countFor(events, lanes, p);
      highest.set(p, -1);
      checker.expectFrom(p, 0); // positioned at the end of a fresh topic: the first event must be 0
    }
    Map<String, Object> r = result.begin("kafka://" + bootstrap + "/" + topic, 1);
    r.put("events", events);
    r.put("rate", rate);
    r.put("partitions", partitions);
    if (keys > 0) r.put("keys", keys);
    r.put("payloadBytes", payload);
    r.put("loadavgBefore", ResultLine.loadavg());
    Map<String, Object> settings = new LinkedHashMap<>();
    consumerProperties().forEach((k, v) -> {
      if (!k.toString().endsWith("deserializer") && !k.equals(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)) settings.put(k.toString(), v);
    });
    settings.put("poll.ms", pollMs);
    r.put("consumer", settings);

    Thread poller = new Thread(this::pollLoop, "floor-poll");
    poller.setDaemon(true);
    Producer producer = null;
    String runError = null;
    try {
      consumer = new KafkaConsumer<>(consumerProperties());
      poller.start();
      if (!positioned.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("consumer not positioned in 30 s: " + pollError);
      if (pollError != null) throw new IllegalStateException(pollError);
      r.put("connectionsReady", 1);
      r.put("connectFailures", 0);
      if (settle > 0) Thread.sleep((long) (settle * 1000));

      ProcStats.Snapshot w0 = ProcStats.Snapshot.of(List.of(), brokerPids);
      AtomicLong sinkErrors = new AtomicLong();
      Producer.Sink sink = keys > 0
          ? Producer.kafkaKeyed(bootstrap, topic, partitions, rate <= 0, sinkErrors)
          : Producer.kafka(bootstrap, topic, rate <= 0, sinkErrors);
      producer = new Producer(sink, lanes, events, rate, payload);
      long deliveryStart = System.nanoTime();
      producer.start();
      long expectedProduceSeconds = rate > 0 ? (long) Math.ceil(events / rate) : 0;
      boolean all = producer.await(Math.min((expectedProduceSeconds + 120) * 1000, remainingMillis(hardDeadline)));
      ResultLine.putProduced(r, producer, producer.sent(), sinkErrors, new AtomicReference<>(), all);
      long[] sentPer = producer.sentPerPartition();
      List<long[]> unsent = producer.failed();

      long drainEnd = Math.min(hardDeadline, System.nanoTime() + (long) (drainTimeout * 1e9));
      long last = -1, progress = System.nanoTime();
      while (!complete && System.nanoTime() < drainEnd && pollError == null) {
        long n = received.get();
        if (n != last) {
          last = n;
          progress = System.nanoTime();
        } else if (System.nanoTime() - progress > stallTimeout * 1e9) {
          r.put("drainStalled", true);
          break;
        }
        if (!all && completeBy(sentPer)) break;
        Thread.sleep(20);
      }
      ProcStats.Snapshot w1 = ProcStats.Snapshot.of(List.of(), brokerPids);
      running = false;
      consumer.wakeup();
      poller.join(10_000);
      if (poller.isAlive()) throw new IllegalStateException("poll thread did not stop in 10 s");

      RangeTally t = RangeTally.of(checker, new long[lanes], sentPer, unsent);
      long sentTotal = 0;
      for (long v : sentPer) sentTotal += v;
      long expected = sentTotal - unsent.size();
      ResultLine.putDelivered(r, unsent.size(), expected, received.get(), deliveryStart, lastReceipt);
      r.put("latencyMs", ResultLine.percentiles(latency));
      ResultLine.putOrder(r, t.gaps(), t.duplicates(), t.reorders(), t.missing());
      r.put("beforeStart", checker.beforeStart());
      r.put("unparsedEvents", unparsed.get());
      r.put("connectionsComplete", t.missing() == 0 && t.gaps() == 0 ? 1 : 0);
      ResultLine.putBrokerAndLoadToolCpu(r, w0, w1);
      if (pollError != null) r.put("error", pollError);
    } catch (Exception e) {
      runError = e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
    } finally {
      running = false;
      if (producer != null) producer.close();
      if (consumer != null) {
        consumer.wakeup();
        poller.join(10_000);
        if (!poller.isAlive()) consumer.close(Duration.ofSeconds(5));
      }
    }
    ResultLine.finish(r, runError, note, runStart, out);
    return r.containsKey("error") ? 1 : 0;
  }

  /** The poll thread: assign every partition, seek to the end, then poll and time each record. */
  private void pollLoop() {
    KafkaConsumer<byte[], byte[]> c = consumer;
    Payload.Fields f = new Payload.Fields();
    try {
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = 0; p < partitions; p++) tps.add(new TopicPartition(topic, p));
      c.assign(tps);
      c.seekToEnd(tps);
      for (TopicPartition tp : tps) c.position(tp, Duration.ofSeconds(20)); // resolve the end now, not at the first poll
      c.poll(Duration.ZERO); // first fetch in flight before production starts
      positioned.countDown();
      while (running) {
        ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(pollMs));
        long now = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> rec : records) {
          byte[] v = rec.value();
          if (v == null || !Payload.parse(v, v.length, f)) {
            unparsed.incrementAndGet();
            continue;
          }
          checker.onEvent(f.p, f.s);
          if (f.p >= 0 && f.p < highest.length() && f.s > highest.get(f.p)) highest.set(f.p, f.s);
          received.incrementAndGet();
          lastReceipt = now;
          if (f.hasT) {
            long micros = (now - f.t) / 1000;
            if (micros >= 0 && micros < 3_600_000_000L) latency.recordValue(micros);
          }
        }
        if (!records.isEmpty() && !complete && completeBy(expectedPer)) complete = true;
      }
    } catch (WakeupException e) {
      // asked to stop
    } catch (RuntimeException e) {
      pollError = e.toString();
    } finally {
      positioned.countDown();
    }
  }

  /** Whether every partition's highest sequence seen reached its expected last (any thread). */
  private boolean completeBy(long[] countPer) {
    for (int p = 0; p < countPer.length; p++) if (countPer[p] > 0 && highest.get(p) < countPer[p] - 1) return false;
    return true;
  }

  private static long remainingMillis(long deadline) {
    return Math.max(1000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }
}
