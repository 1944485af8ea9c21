package dev.streamgate.kafka;

import dev.streamgate.cursor.TopicFingerprint;
import dev.streamgate.cursor.TopicNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Answers the questions a stream asks before it opens: do these topics exist, which incarnation are
 * they, and where do their partitions begin and end. Blocking calls with a timeout; callers run on
 * worker threads, never on the event loop.
 */
@ApplicationScoped
public class TopicCatalog {

  private static final Duration UNKNOWN_RECHECK = Duration.ofMillis(200);

  /**
   * Opens run on a small pool: requests for topics that do not exist must not be able to hold it in
   * re-check pauses, so at most this many wait at a time; the others answer 404 at once.
   */
  private static final int MAX_RECHECKS = 2;

  private final Semaphore rechecks = new Semaphore(MAX_RECHECKS);

  private final Admin admin;
  private final Duration timeout;
  private final Counter describes;
  private final Counter offsetLookups;
  private final DescribeRounds<TopicShape> rounds;

  public TopicCatalog(
      KafkaClients clients,
      KafkaConfig kafka,
      OpenMetadataConfig metadata,
      MeterRegistry registry) {
    this.admin = Admin.create(clients.adminProperties());
    this.timeout = kafka.requestTimeout();
    this.describes = lookupCounter(registry, "describe");
    this.offsetLookups = lookupCounter(registry, "offsets");
    this.rounds =
        new DescribeRounds<>(
            topics -> {
              describes.increment();
              return shapes(List.copyOf(topics));
            },
            metadata.openMetadataMaxAge().toNanos(),
            System::nanoTime);
  }

  private static Counter lookupCounter(MeterRegistry registry, String kind) {
    return Counter.builder("streamgate.stream.kafka.lookups")
        .description(
            "Kafka Admin requests made to open streams, by kind (describe: topic metadata and log starts;"
                + " offsets: list offsets). A reconnect inside a running reader's window makes no"
                + " offsets request and shares its describe with every stream opening meanwhile")
        .tag("kind", kind)
        .register(registry);
  }

  /** Topic metadata requests made so far to open streams. */
  public long describeLookups() {
    return (long) describes.count();
  }

  /** Offset requests made so far to open streams. */
  public long offsetLookups() {
    return (long) offsetLookups.count();
  }

  /**
   * The incarnation, partition count and log start offsets of these topics as Kafka describes them
   * now (from a request sent at most {@code open-metadata-max-age} before this call, shared with
   * the streams opening meanwhile); deleted topics are absent.
   */
  public Map<String, TopicShape> currentShapes(Set<String> topics) {
    return rounds.describe(topics);
  }

  /**
   * As {@link #currentShapes}, but only when an answer recent enough is at hand: empty when it
   * would take a request. Never blocks.
   */
  public Optional<Map<String, TopicShape>> recentShapes(Set<String> topics) {
    return rounds.recent(topics);
  }

  /**
   * Describes the topics and reads their offsets.
   *
   * @throws UnknownTopicsException if a topic does not exist or is internal
   * @throws KafkaUnavailableException if Kafka does not answer in time
   */
  public Map<String, TopicSnapshot> snapshot(List<String> topics) {
    describes.increment();
    offsetLookups.increment(2);
    Map<String, TopicDescription> descriptions = describe(topics);
    List<TopicPartition> partitions = new ArrayList<>();
    descriptions
        .values()
        .forEach(d -> d.partitions().forEach(p -> partitions.add(tp(d, p.partition()))));
    Map<TopicPartition, Long> earliest = listOffsets(partitions, OffsetSpec.earliest());
    Map<TopicPartition, Long> latest = listOffsets(partitions, OffsetSpec.latest());
    Map<String, TopicSnapshot> result = new LinkedHashMap<>();
    for (TopicDescription d : descriptions.values()) {
      int count = d.partitions().size();
      long[] first = new long[count];
      long[] last = new long[count];
      for (int p = 0; p < count; p++) {
        first[p] = earliest.get(tp(d, p));
        last[p] = latest.get(tp(d, p));
      }
      result.put(d.name(), new TopicSnapshot(d.name(), fingerprint(d), first, last));
    }
    return result;
  }

  /**
   * The first offset of each partition whose record timestamp is at or after {@code epochMillis};
   * the partition's end when no record is that recent.
   */
  public long[] offsetsForTime(TopicSnapshot topic, long epochMillis) {
    offsetLookups.increment();
    List<TopicPartition> partitions = new ArrayList<>();
    for (int p = 0; p < topic.partitions(); p++) {
      partitions.add(new TopicPartition(topic.topic(), p));
    }
    Map<TopicPartition, Long> found = listOffsets(partitions, OffsetSpec.forTimestamp(epochMillis));
    long[] result = new long[topic.partitions()];
    for (int p = 0; p < result.length; p++) {
      long offset = found.get(partitions.get(p));
      result[p] = offset < 0 ? topic.latest()[p] : offset;
    }
    return result;
  }

  /** Names of every topic Kafka does not flag as internal, in no particular order. */
  public List<String> topicNames() {
    return List.copyOf(
        await(admin.listTopics(new ListTopicsOptions().listInternal(false)).names()));
  }

  /**
   * Like {@link #snapshot}, but a topic deleted since its name was listed is left out instead of
   * failing the whole answer: listings race with deletions, and one vanished topic must not turn
   * {@code GET /topics} into an error.
   */
  public List<TopicSnapshot> snapshotExisting(List<String> topics) {
    List<String> remaining = new ArrayList<>(topics);
    for (int attempt = 1; ; attempt++) {
      if (remaining.isEmpty()) {
        return List.of();
      }
      try {
        return List.copyOf(snapshot(remaining).values());
      } catch (UnknownTopicsException e) {
        remaining.removeAll(e.topics());
      } catch (UnknownTopicOrPartitionException e) {
        // deleted between the describe and the offsets: the next describe leaves it out
        if (attempt >= 3) {
          throw new KafkaUnavailableException("Topics keep changing while being listed", e);
        }
      }
    }
  }

  /**
   * The current incarnation fingerprint, partition count and log start offsets of each topic that
   * exists; deleted topics are absent. Used to follow running readers' topics (two requests for all
   * of them together).
   */
  public Map<String, TopicShape> shapes(List<String> topics) {
    Map<String, KafkaFuture<TopicDescription>> futures =
        admin.describeTopics(topics).topicNameValues();
    Map<String, TopicDescription> found = new HashMap<>();
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics) {
      try {
        TopicDescription d = await(futures.get(topic));
        found.put(topic, d);
        d.partitions().forEach(p -> partitions.add(tp(d, p.partition())));
      } catch (UnknownTopicOrPartitionException e) {
        // deleted: absent from the result
      }
    }
    Map<TopicPartition, Long> earliest =
        partitions.isEmpty() ? Map.of() : listOffsets(partitions, OffsetSpec.earliest());
    Map<String, TopicShape> result = new HashMap<>();
    found.forEach(
        (topic, d) -> {
          int count = d.partitions().size();
          long[] logStart = new long[count];
          for (int p = 0; p < logStart.length; p++) {
            logStart[p] = earliest.getOrDefault(tp(d, p), 0L);
          }
          result.put(topic, new TopicShape(fingerprint(d), count, logStart));
        });
    return result;
  }

  /**
   * The brokers of the cluster, asked with the given timeout; completes exceptionally when Kafka
   * does not answer in time. Non-blocking: for the readiness check.
   */
  public CompletionStage<Collection<Node>> brokers(Duration within) {
    return admin
        .describeCluster(new DescribeClusterOptions().timeoutMs((int) within.toMillis()))
        .nodes()
        .toCompletionStage();
  }

  /**
   * Describes the topics; a topic no broker knows is asked about once more after {@link
   * #UNKNOWN_RECHECK}, because a topic created a moment ago may not have reached the broker that
   * answered yet, and a 404 ends a browser's EventSource for good.
   */
  private Map<String, TopicDescription> describe(List<String> topics) {
    try {
      return describeOnce(topics);
    } catch (UnknownTopicsException e) {
      if (e.topics().stream().anyMatch(t -> t.startsWith("__"))) {
        throw e;
      }
      if (!rechecks.tryAcquire()) {
        throw e;
      }
      try {
        LockSupport.parkNanos(UNKNOWN_RECHECK.toNanos());
      } finally {
        rechecks.release();
      }
      return describeOnce(topics);
    }
  }

  private Map<String, TopicDescription> describeOnce(List<String> topics) {
    Map<String, KafkaFuture<TopicDescription>> futures =
        admin.describeTopics(topics).topicNameValues();
    Map<String, TopicDescription> found = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (String topic : topics) {
      try {
        TopicDescription description = await(futures.get(topic));
        if (description.isInternal() || TopicNames.isInternal(topic)) {
          unknown.add(topic);
        } else {
          found.put(topic, description);
        }
      } catch (UnknownTopicOrPartitionException e) {
        unknown.add(topic);
      }
    }
    if (!unknown.isEmpty()) {
      throw new UnknownTopicsException(unknown);
    }
    return found;
  }

  private Map<TopicPartition, Long> listOffsets(List<TopicPartition> partitions, OffsetSpec spec) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, spec));
    Map<TopicPartition, ListOffsetsResultInfo> infos =
        await(
            admin
                .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all());
    Map<TopicPartition, Long> result = new HashMap<>();
    infos.forEach((tp, info) -> result.put(tp, info.offset()));
    return result;
  }

  private <T> T await(KafkaFuture<T> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException unknown) {
        throw unknown;
      }
      throw new KafkaUnavailableException("Kafka look-up failed: " + e.getCause().getMessage(), e);
    } catch (TimeoutException e) {
      throw new KafkaUnavailableException("Kafka did not answer within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaUnavailableException("Interrupted while asking Kafka", e);
    }
  }

  private static int fingerprint(TopicDescription d) {
    return TopicFingerprint.of(
        d.topicId().getMostSignificantBits(), d.topicId().getLeastSignificantBits());
  }

  private static TopicPartition tp(TopicDescription d, int partition) {
    return new TopicPartition(d.name(), partition);
  }

  @PreDestroy
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
