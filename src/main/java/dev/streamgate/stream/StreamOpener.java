package dev.streamgate.stream;

import dev.streamgate.config.StreamgateConfig;
import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.cursor.CursorDecoding;
import dev.streamgate.tail.CatchUpReader;
import dev.streamgate.tail.KafkaClients;
import dev.streamgate.tail.TopicCatalog;
import dev.streamgate.tail.TopicSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Opens a stream: asks Kafka where the topics stand, plans the start from the client's id, and
 * builds the reader that will serve it. Blocking (Kafka look-ups); runs on a worker thread.
 */
@ApplicationScoped
public class StreamOpener {

  private final TopicCatalog catalog;
  private final KafkaClients clients;
  private final StreamSlots slots;
  private final StreamgateConfig.Stream config;
  private final CursorCodec codec;

  public StreamOpener(
      TopicCatalog catalog, KafkaClients clients, StreamSlots slots, StreamgateConfig config) {
    this.catalog = catalog;
    this.clients = clients;
    this.slots = slots;
    this.config = config.stream();
    this.codec = new CursorCodec(this.config.maxIdLength());
  }

  /** The stream's frames, ready to be subscribed by the HTTP layer. */
  Flow.Publisher<byte[]> open(StreamRequest request) {
    Map<String, TopicSnapshot> snapshots = catalog.snapshot(request.topics());
    checkIdFits(snapshots);
    Optional<CursorDecoding> id = request.lastEventId().map(codec::decode);
    StartPlan plan = StartPlanner.plan(snapshots, id, fallback(request));
    StreamSession session =
        new StreamSession(
            plan,
            snapshots,
            request.format().encoder(),
            codec,
            request.filter(),
            config.typeHeader(),
            retryMillis());
    slots.acquire();
    return new CatchUpReader(
        clients.readerProperties(config.maxPollRecords()),
        session,
        config.heartbeat(),
        slots::release);
  }

  /**
   * Refuses a stream whose id could outgrow {@code max-id-length} (each partition's offset takes at
   * most ten bytes), so that no id the service sends is one it would refuse to read back.
   */
  private void checkIdFits(Map<String, TopicSnapshot> snapshots) {
    long bytes = 2;
    for (TopicSnapshot topic : snapshots.values()) {
      bytes += 2 + topic.topic().length() + 4 + 3 + 10L * topic.partitions();
    }
    long chars = 1 + (bytes * 4 + 2) / 3;
    if (chars > config.maxIdLength()) {
      throw ProblemException.badRequest(
          "Stream too wide",
          "These topics have too many partitions for one stream; subscribe to fewer topics");
    }
  }

  private StartPlanner.Fallback fallback(StreamRequest request) {
    if (request.sinceMillis().isPresent()) {
      long since = request.sinceMillis().get();
      return fallback("since", topic -> catalog.offsetsForTime(topic, since));
    }
    if (request.fromEarliest()) {
      return fallback("earliest", TopicSnapshot::earliest);
    }
    return fallback("latest", TopicSnapshot::latest);
  }

  private static StartPlanner.Fallback fallback(
      String origin, Function<TopicSnapshot, long[]> offsets) {
    return new StartPlanner.Fallback() {
      @Override
      public String origin() {
        return origin;
      }

      @Override
      public long[] offsets(TopicSnapshot topic) {
        return offsets.apply(topic);
      }
    };
  }

  private long retryMillis() {
    long jitter = config.retryJitter().toMillis();
    return config.retry().toMillis()
        + (jitter > 0 ? ThreadLocalRandom.current().nextLong(jitter + 1) : 0);
  }
}
