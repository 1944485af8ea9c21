package dev.streamgate.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes N bench payloads, spread round-robin over P partitions (event i goes to partition i % P
 * with sequence i / P), at a fixed total rate or as a burst. One thread per partition keeps each
 * partition's order; each value is stamped with System.nanoTime() just before it is handed over.
 *
 * <p>A run that produces in several steps on one topic (the capacity scenario) continues each
 * partition's sequence from {@code firstSeq} and may stamp each value with the moment it was due
 * instead ({@code stampDue}): a sink that slows the sender then shows as latency rather than as a
 * silently lower rate (no coordinated omission).
 */
public final class Producer implements AutoCloseable {

  /** Where events go: a Kafka topic (explicit partition) or an HTTP publish endpoint. */
  public interface Sink extends AutoCloseable {
    /** Sends one event; a failure (thrown, or reported later) goes to {@code failed} as (p, s). */
    void send(int partition, long seq, byte[] value, Queue<long[]> failed) throws Exception;

    default void flush() {}

    @Override
    default void close() {}
  }

  public static Sink kafka(String bootstrap, String topic, boolean burst, AtomicLong errors) {
    return kafka(bootstrap, topic, burst, errors, false);
  }

  /** The Kafka key of event (partition, seq) of a keyed production. */
  public interface KeyOf {
    byte[] key(int partition, long seq);
  }

  /**
   * @param keyed each record gets the key {@code <partition>-<seq>} (the snapshot scenario: a
   *     second pass over the same sequences updates the same keys), else no key
   */
  public static Sink kafka(String bootstrap, String topic, boolean burst, AtomicLong errors, boolean keyed) {
    return kafka(bootstrap, topic, burst, errors, (lane, seq) -> lane, keyed ? Producer::key : (lane, seq) -> null);
  }

  /** @param keys each record's key (the conflate scenario's {@link KeyRing}), or null for none */
  public static Sink kafka(String bootstrap, String topic, boolean burst, AtomicLong errors, KeyOf keys) {
    return kafka(bootstrap, topic, burst, errors, (lane, seq) -> lane, keys != null ? keys::key : (lane, seq) -> null);
  }

  /**
   * Lanes keyed over fewer partitions (the {@code ls-keys} shape): lane {@code l} is the key
   * {@code k<l>} ({@link #laneKey}), written to partition {@code l % partitions}, so that a client
   * filtering on one key gets exactly one lane's sequence.
   */
  public static Sink kafkaKeyed(String bootstrap, String topic, int partitions, boolean burst, AtomicLong errors) {
    return kafka(bootstrap, topic, burst, errors, (lane, seq) -> lane % partitions, (lane, seq) -> laneKey(lane).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  /** The key of lane {@code l} in a keyed production: {@code k<l>}. */
  static String laneKey(int lane) {
    return "k" + lane;
  }

  interface LaneTo<T> {
    T of(int lane, long seq);
  }

  private static Sink kafka(String bootstrap, String topic, boolean burst, AtomicLong errors, LaneTo<Integer> partitionOf, LaneTo<byte[]> keyOf) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "1");
    props.put(ProducerConfig.LINGER_MS_CONFIG, burst ? "5" : "0");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    props.put("max.in.flight.requests.per.connection", "1");
    props.put(ProducerConfig.RETRIES_CONFIG, "0");
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props);
    producer.partitionsFor(topic); // metadata before the clock starts: no first-send stall
    return new Sink() {
      @Override
      public void send(int partition, long seq, byte[] value, Queue<long[]> failed) {
        producer.send(
            new ProducerRecord<>(topic, partitionOf.of(partition, seq), keyOf.of(partition, seq), value),
            (md, e) -> {
              if (e != null) {
                errors.incrementAndGet();
                failed.add(new long[] {partition, seq});
              }
            });
      }

      @Override
      public void flush() {
        producer.flush();
      }

      @Override
      public void close() {
        producer.close(Duration.ofSeconds(10));
      }
    };
  }

  /**
   * Each value written with Avro in the Confluent framing (schema id {@code id}) before {@code
   * inner} sends it; the stamp in the value is taken before the encoding, so its few microseconds
   * count as latency.
   */
  public static Sink avro(Sink inner, int id) {
    return new Sink() {
      @Override
      public void send(int partition, long seq, byte[] value, Queue<long[]> failed) throws Exception {
        inner.send(partition, seq, AvroPayload.framed(id, value), failed);
      }

      @Override
      public void flush() {
        inner.flush();
      }

      @Override
      public void close() {
        inner.close();
      }
    };
  }

  /** The key of event (partition, seq) in a keyed production: {@code <partition>-<seq>}. */
  static byte[] key(int partition, long seq) {
    return (partition + "-" + seq).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /**
   * HTTP POST of each value (nchan publisher). One client per partition thread keeps order. A URL
   * with {@code {key}} posts each lane to its own channel ({@link #laneKey}: nchan with one channel
   * per key).
   */
  public static Sink http(String url, AtomicLong errors, AtomicReference<String> lastError) {
    ThreadLocal<HttpClient> clients =
        ThreadLocal.withInitial(
            () ->
                HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build());
    java.util.Map<Integer, URI> uris = new java.util.concurrent.ConcurrentHashMap<>();
    return (partition, seq, value, failed) -> {
      URI uri = uris.computeIfAbsent(partition, l -> URI.create(url.replace("{key}", laneKey(l))));
      HttpRequest req =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(value))
              .build();
      HttpResponse<Void> res = clients.get().send(req, HttpResponse.BodyHandlers.discarding());
      if (res.statusCode() / 100 != 2) {
        errors.incrementAndGet();
        failed.add(new long[] {partition, seq});
        lastError.set("HTTP " + res.statusCode() + " from " + uri);
      }
    };
  }

  private final Sink sink;
  private final int partitions;
  private final long total;
  private final double rate;
  private final int payloadSize;
  private final long[] firstSeq;
  private final boolean stampDue;
  private volatile int payloadLaneOffset;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLongArray sentPer;
  private final AtomicLong sendErrors = new AtomicLong();
  private final Queue<long[]> failed = new ConcurrentLinkedQueue<>();
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private volatile boolean stopped;
  private volatile long startNanos;
  private volatile long endNanos;

  public Producer(Sink sink, int partitions, long total, double rate, int payloadSize) {
    this(sink, partitions, total, rate, payloadSize, new long[partitions], false);
  }

  /**
   * @param firstSeq the first sequence per partition (later steps continue where earlier ones ended)
   * @param stampDue stamp {@code t} with the time each event was due (rate > 0 only), not sent
   */
  public Producer(
      Sink sink, int partitions, long total, double rate, int payloadSize, long[] firstSeq, boolean stampDue) {
    this.sink = sink;
    this.firstSeq = firstSeq.clone();
    this.stampDue = stampDue && rate > 0;
    this.partitions = partitions;
    this.total = total;
    this.rate = rate;
    this.payloadSize = payloadSize;
    this.sentPer = new AtomicLongArray(partitions);
  }

  /**
   * Stamps lane {@code part} as {@code offset + part} in the payload (before {@link #start}): the
   * soak's temporary topics, read together by pattern clients, each get lanes of their own.
   */
  public Producer payloadLanes(int offset) {
    this.payloadLaneOffset = offset;
    return this;
  }

  /** Events that partition p receives. */
  public static long countFor(long total, int partitions, int p) {
    return total / partitions + (p < total % partitions ? 1 : 0);
  }

  public void start() {
    startNanos = System.nanoTime();
    for (int p = 0; p < partitions; p++) {
      final int part = p;
      Thread t =
          new Thread(
              () -> {
                long n = countFor(total, partitions, part);
                long first = firstSeq[part];
                double periodNanos = rate > 0 ? 1e9 * partitions / rate : 0;
                long offset = rate > 0 ? (long) (1e9 * part / rate) : 0;
                for (long k = 0; k < n && !stopped; k++) {
                  long s = first + k;
                  long due = 0;
                  if (rate > 0) {
                    due = startNanos + offset + (long) (k * periodNanos);
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0 && !stopped) LockSupport.parkNanos(wait);
                    if (stopped) return;
                  }
                  try {
                    long stamp = stampDue ? due : System.nanoTime();
                    sink.send(part, s, Payload.build(part + payloadLaneOffset, s, stamp, payloadSize), failed);
                    sent.incrementAndGet();
                    sentPer.set(part, k + 1);
                  } catch (Exception e) {
                    if (stopped) return;
                    sendErrors.incrementAndGet();
                    failed.add(new long[] {part, s});
                    sentPer.set(part, k + 1);
                    lastError.set(e.toString());
                    if (sendErrors.get() > 1000) return; // the target is gone: stop this thread
                  }
                }
              },
              "producer-p" + p);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  /** Waits for all producer threads (bounded), then flushes. Returns true if all finished. */
  public boolean await(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    boolean all = true;
    for (Thread t : threads) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left > 0) t.join(left);
      if (t.isAlive()) all = false;
    }
    try {
      sink.flush();
    } catch (RuntimeException e) {
      lastError.set(e.toString());
    }
    endNanos = System.nanoTime();
    return all;
  }

  /** Events whose send failed, as (partition, sequence): not counted as delivery gaps. */
  public List<long[]> failed() {
    return new ArrayList<>(failed);
  }

  public long sent() {
    return sent.get();
  }

  /** Events handed over per partition (sequences firstSeq..firstSeq+n-1). */
  public long[] sentPerPartition() {
    long[] r = new long[partitions];
    for (int p = 0; p < partitions; p++) r[p] = sentPer.get(p);
    return r;
  }

  public long sendErrors() {
    return sendErrors.get();
  }

  public String lastError() {
    return lastError.get();
  }

  public long startNanos() {
    return startNanos;
  }

  public long endNanos() {
    return endNanos;
  }

  /** Stops handing over events (the threads leave at their next event); bounded runs use it. */
  public void stop() {
    stopped = true;
  }

  @Override
  public void close() {
    stopped = true;
    for (Thread t : threads) t.interrupt();
    try {
      sink.close();
    } catch (Exception e) {
      // ignore
    }
  }
}
