package dev.streamgate.stream.pod;

import dev.streamgate.stream.delivery.CloseReason;
import dev.streamgate.stream.delivery.Lane;
import dev.streamgate.stream.delivery.LaneMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The stream meters, served at {@code /q/metrics}: how many streams are open (per pod and per
 * topic), what they deliver, how they start and how they end.
 *
 * <p>Every meter is resolved once: per pod here, per topic when a topic's first stream opens
 * ({@link TopicMeters}). Streams then count per emitted batch through plain fields, never with a
 * registry look-up per event. One set of meters per topic ever served, so the number of series
 * grows with the topics clients ask for, which the topic allow-list bounds.
 */
@ApplicationScoped
public class StreamStats {

  /** How a resumed stream (one that sent an id) started, per topic. */
  static final List<String> RESUME_OUTCOMES = List.of("window", "catch-up", "gap", "reset");

  private final MeterRegistry registry;
  private final Map<String, TopicMeters> topics = new ConcurrentHashMap<>();
  private final Map<CloseReason, Counter> closed = new EnumMap<>(CloseReason.class);
  private final Counter written;
  private final Counter fellOut;
  private final Timer duration;
  private final Counter openedOnLoop;
  private final Counter openedOnPool;
  private final Counter writesDirect;
  private final Counter writesVertx;

  public StreamStats(MeterRegistry registry, StreamSlots slots, StreamDrain drain) {
    this.registry = registry;
    Gauge.builder("streamgate.streams.open", slots, StreamSlots::open)
        .description("Streams this pod serves now (a stream of several topics counts once)")
        .register(registry);
    Gauge.builder("streamgate.streams.max", slots, StreamSlots::max)
        .description("Most streams this pod serves before it answers 429")
        .register(registry);
    for (CloseReason reason : CloseReason.values()) {
      closed.put(
          reason,
          Counter.builder("streamgate.streams.closed")
              .description(
                  "Streams ended, by reason (fell-behind: slow clients closed; drain: handed over"
                      + " by a stopping pod)")
              .tag("reason", reason.tag())
              .register(registry));
    }
    written =
        Counter.builder("streamgate.stream.written")
            .description("Bytes of frames handed to the HTTP layer, all streams")
            .baseUnit("bytes")
            .register(registry);
    fellOut =
        Counter.builder("streamgate.window.fell-out")
            .description(
                "Times a stream's position was evicted from its topic's window while the client"
                    + " kept reading (a burst larger than the window); the stream went on from a"
                    + " catch-up reader in place")
            .register(registry);
    duration =
        Timer.builder("streamgate.stream.duration")
            .description("How long streams lasted, from first byte to close")
            .register(registry);
    openedOnLoop = opens(registry, "event-loop");
    openedOnPool = opens(registry, "open-pool");
    writesDirect = writePaths(registry, "direct");
    writesVertx = writePaths(registry, "vertx");
    Gauge.builder("streamgate.draining", drain, d -> d.draining() ? 1 : 0)
        .description("1 while this pod hands its streams to the others before it stops, else 0")
        .register(registry);
  }

  private static Counter opens(MeterRegistry registry, String on) {
    return Counter.builder("streamgate.stream.opens")
        .description(
            "Streams opened, by where: event-loop (nothing to wait for: the topics' readers answered"
                + " the start), open-pool (a Kafka look-up, a token to verify, a filter to compile,"
                + " a pattern or a snapshot)")
        .tag("on", on)
        .register(registry);
  }

  private static Counter writePaths(MeterRegistry registry, String path) {
    return Counter.builder("streamgate.stream.write-paths")
        .description(
            "Streams started, by how their batches reach the socket: direct (HTTP/1.1: chunks"
                + " framed once per batch, written to the connection's channel), vertx (HTTP/2, or"
                + " compression on: through Vert.x's response)")
        .tag("path", path)
        .register(registry);
  }

  /** Counts a stream whose batches go straight to its channel ({@code true}) or through Vert.x. */
  public void wroteDirect(boolean direct) {
    (direct ? writesDirect : writesVertx).increment();
  }

  /** Counts a stream opened on its event loop ({@code true}) or on the open pool. */
  public void openedOn(boolean eventLoop) {
    (eventLoop ? openedOnLoop : openedOnPool).increment();
  }

  /** The meters of one topic, registered when its first stream opens. */
  public TopicMeters topic(String topic) {
    return topics.computeIfAbsent(topic, t -> new TopicMeters(registry, t));
  }

  void opened(List<Lane> lanes) {
    lanes.forEach(lane -> lane.meters().opened());
  }

  void closed(CloseReason reason, List<Lane> lanes, long durationNanos) {
    lanes.forEach(lane -> lane.meters().closed());
    closed.get(reason).increment();
    duration.record(durationNanos, TimeUnit.NANOSECONDS);
  }

  void fellOutOfWindow() {
    fellOut.increment();
  }

  /** Streams moved back to a catch-up reader in place after falling out of a window. */
  public long fellOutOfWindowInPlace() {
    return (long) fellOut.count();
  }

  void written(int bytes) {
    written.increment(bytes);
  }

  /** Streams closed because their client fell out of the window (slow readers). */
  public long fellBehind() {
    return (long) closed.get(CloseReason.FELL_BEHIND).count();
  }

  /** Streams closed at the end of their maximum lifetime. */
  public long expired() {
    return (long) closed.get(CloseReason.LIFETIME).count();
  }

  /**
   * The meters of one topic; its streams' lanes hold it, so no event looks a meter up. The opener
   * counts how each stream started; the lanes count what they deliver and how many are open.
   */
  public static final class TopicMeters implements LaneMeters {

    private final AtomicInteger open = new AtomicInteger();
    private final Counter delivered;
    private final Counter windowHit;
    private final Counter windowMiss;
    private final Counter merged;
    private final Counter rebuiltFromWindow;
    private final Counter rebuiltFromKafka;
    private final Map<String, Counter> resumes = new ConcurrentHashMap<>();

    TopicMeters(MeterRegistry registry, String topic) {
      Gauge.builder("streamgate.topic.streams.open", open, AtomicInteger::get)
          .description("Streams open now that carry this topic")
          .tag("topic", topic)
          .strongReference(true)
          .register(registry);
      delivered =
          Counter.builder("streamgate.events.delivered")
              .description("Record events written to clients (after filters)")
              .tag("topic", topic)
              .register(registry);
      windowHit = windowRequests(registry, topic, "hit");
      windowMiss = windowRequests(registry, topic, "miss");
      merged =
          Counter.builder("streamgate.conflate.merged")
              .description(
                  "Conflated batches slow clients took merged with others instead of one by one")
              .tag("topic", topic)
              .register(registry);
      rebuiltFromWindow = rebuilds(registry, topic, "window");
      rebuiltFromKafka = rebuilds(registry, topic, "kafka");
      for (String outcome : RESUME_OUTCOMES) {
        resumes.put(
            outcome,
            Counter.builder("streamgate.stream.resumes")
                .description(
                    "Streams opened with an event id, by how they resumed: from the window, "
                        + "through a catch-up reader, after a retention gap, or reset")
                .tag("topic", topic)
                .tag("outcome", outcome)
                .register(registry));
      }
    }

    private static Counter rebuilds(MeterRegistry registry, String topic, String from) {
      return Counter.builder("streamgate.conflate.rebuilds")
          .description(
              "Conflated batches a stream rebuilt because its group no longer kept them, from the"
                  + " window or from Kafka")
          .tag("topic", topic)
          .tag("from", from)
          .register(registry);
    }

    private static Counter windowRequests(MeterRegistry registry, String topic, String result) {
      return Counter.builder("streamgate.window.requests")
          .description(
              "Streams that started in the topic's window (hit) or needed a catch-up reader (miss)")
          .tag("topic", topic)
          .tag("result", result)
          .register(registry);
    }

    @Override
    public void opened() {
      open.incrementAndGet();
    }

    @Override
    public void closed() {
      open.decrementAndGet();
    }

    @Override
    public void delivered(int events) {
      delivered.increment(events);
    }

    @Override
    public void merged(int batches) {
      merged.increment(batches);
    }

    @Override
    public void rebuilt(boolean fromKafka) {
      (fromKafka ? rebuiltFromKafka : rebuiltFromWindow).increment();
    }

    /** A stream of this topic started in the topic's window, or needed a catch-up reader. */
    public void started(boolean inWindow) {
      (inWindow ? windowHit : windowMiss).increment();
    }

    /**
     * A stream that sent an id resumed this topic so: one of {@link StreamStats#RESUME_OUTCOMES}.
     */
    public void resumed(String outcome) {
      resumes.get(outcome).increment();
    }
  }
}
