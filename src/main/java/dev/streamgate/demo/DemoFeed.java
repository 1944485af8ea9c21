package dev.streamgate.demo;

import dev.streamgate.kafka.KafkaClients;
import dev.streamgate.kafka.TypeHeaderConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

/**
 * The demo price feed, a Reactive Messaging {@code @Outgoing} stream on channel {@value #CHANNEL}
 * (the smallrye-kafka connector writes it to {@code streamgate.demo.topic}), so that a fresh
 * checkout has a live topic to stream. The channel exists only with {@code
 * streamgate.demo.enabled=true} ({@code mp.messaging.outgoing.demo-prices.enabled}); production
 * instances never produce.
 *
 * <p>Before the first quote the topic is created with its partitions (Kafka's auto-creation is
 * never relied on), on a worker thread, retried every {@value #TOPIC_RETRY_SECONDS} s while Kafka
 * is away: a missing broker delays the feed, not the service. Each quote carries its symbol as the
 * record key and the configured type header through {@link OutgoingKafkaRecordMetadata}.
 *
 * <p>Overflow policy: the feed ticks at {@code streamgate.demo.rate}; a tick that comes while the
 * connector has no demand (Kafka slower than the feed) is dropped, never queued.
 */
@ApplicationScoped
public class DemoFeed {

  private static final Logger LOG = Logger.getLogger(DemoFeed.class);

  /** The channel of the feed. */
  static final String CHANNEL = "demo-prices";

  /** Value of the type header: the stream turns it into the SSE {@code event:} name. */
  static final String EVENT_TYPE = "price";

  private static final int TOPIC_RETRY_SECONDS = 2;
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration NEW_TOPIC_SETTLE = Duration.ofSeconds(1);

  private final DemoConfig demo;
  private final String typeHeader;
  private final KafkaClients clients;
  private final Set<String> reportedErrors = ConcurrentHashMap.newKeySet();

  public DemoFeed(DemoConfig demo, TypeHeaderConfig typeHeader, KafkaClients clients) {
    this.demo = demo;
    this.typeHeader = typeHeader.typeHeader();
    this.clients = clients;
  }

  /** The quotes, once the topic exists; nothing when the rate is below one per second. */
  @Outgoing(CHANNEL)
  public Multi<Message<String>> quotes() {
    if (demo.rate() < 1) {
      LOG.warnf(
          "Demo feed not started: streamgate.demo.rate must be at least 1, is %d", demo.rate());
      return Multi.createFrom().empty();
    }
    LOG.infof(
        "Demo feed on: %d quotes/s of %s to topic %s", demo.rate(), demo.symbols(), demo.topic());
    PriceFeed feed = new PriceFeed(demo.symbols(), System.nanoTime(), System::currentTimeMillis);
    Duration period = Duration.ofNanos(TimeUnit.SECONDS.toNanos(1) / demo.rate());
    return Uni.createFrom()
        .item(this::ensureTopic)
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .onFailure()
        .invoke(e -> reportOnce("create the topic", e))
        .onFailure()
        .retry()
        .withBackOff(
            Duration.ofSeconds(TOPIC_RETRY_SECONDS), Duration.ofSeconds(TOPIC_RETRY_SECONDS))
        .indefinitely()
        // A just-created topic's partitions take a moment to get their leaders; sending at once
        // only earns a burst of NOT_LEADER_OR_FOLLOWER retry warnings from the producer.
        .onItem()
        .transformToMulti(
            created ->
                Multi.createFrom()
                    .ticks()
                    .startingAfter(created ? NEW_TOPIC_SETTLE : period)
                    .every(period))
        .onOverflow()
        .drop()
        .map(tick -> message(feed.next()));
  }

  private Message<String> message(PriceFeed.Quote quote) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(typeHeader, EVENT_TYPE.getBytes(StandardCharsets.UTF_8));
    return Message.of(quote.toJson())
        .addMetadata(
            OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(quote.symbol())
                .withHeaders(headers)
                .build());
  }

  /** Creates the topic unless it exists (worker thread); tells whether it created it. */
  private boolean ensureTopic() {
    try (Admin admin = Admin.create(clients.adminProperties())) {
      // Keyed by symbol and compacted (with time retention): the log keeps each symbol's latest
      // quote, which is what a from=snapshot stream sends first.
      NewTopic topic =
          new NewTopic(demo.topic(), Optional.of(demo.partitions()), Optional.empty())
              .configs(Map.of("cleanup.policy", "compact,delete"));
      try {
        admin
            .createTopics(List.of(topic))
            .all()
            .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("Created demo topic %s with %d partitions", demo.topic(), demo.partitions());
        return true;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof TopicExistsException) {
          return false;
        }
        throw new IllegalStateException(e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer within " + ADMIN_TIMEOUT, e);
    }
  }

  /** Kafka errors are logged once per kind: at 20 quotes a second a line each would drown all. */
  private void reportOnce(String action, Throwable error) {
    Throwable cause = error.getCause() != null ? error.getCause() : error;
    if (reportedErrors.add(action + ":" + cause.getClass().getName())) {
      LOG.warnf(
          "Demo feed could not %s (%s); further errors of this kind are not logged",
          action, cause.toString());
    }
  }
}
