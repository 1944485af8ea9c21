package dev.streamgate.demo;

import dev.streamgate.config.StreamgateConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Writes the demo price feed to Kafka so that a fresh checkout has a live topic to stream. Runs
 * only with {@code streamgate.demo.enabled=true}; production instances never produce.
 *
 * <p>Everything blocking (topic creation, {@code send} waiting for metadata) happens on one daemon
 * thread of its own, never on a Vert.x event loop nor in the startup path, so a missing broker
 * delays the feed but not the service. Kafka errors are logged once per kind: at 20 records a
 * second, a log line per failed record would drown everything else.
 */
@ApplicationScoped
public class DemoProducer {

  private static final Logger LOG = Logger.getLogger(DemoProducer.class);

  /** Value of the type header: the stream turns it into the SSE {@code event:} name. */
  static final String EVENT_TYPE = "price";

  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration TOPIC_RETRY = Duration.ofSeconds(2);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration NEW_TOPIC_SETTLE = Duration.ofSeconds(1);

  private final StreamgateConfig.Demo demo;
  private final String typeHeader;
  private final Map<String, Object> kafkaConfig;
  private final Set<String> reportedErrors = ConcurrentHashMap.newKeySet();

  /**
   * Set only when the feed runs, at startup and before the feed thread gets its first task (which
   * makes them visible to it); closed by the shutdown observer.
   */
  private ScheduledExecutorService feedThread;

  private KafkaProducer<String, String> producer;

  @Inject
  DemoProducer(
      StreamgateConfig config,
      @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
    this.demo = config.demo();
    this.typeHeader = config.stream().typeHeader();
    this.kafkaConfig = kafkaConfig;
  }

  void onStart(@Observes StartupEvent event) {
    if (!demo.enabled()) {
      return;
    }
    if (demo.rate() < 1) {
      LOG.warnf(
          "Demo feed not started: streamgate.demo.rate must be at least 1, is %d", demo.rate());
      return;
    }
    producer =
        new KafkaProducer<>(producerConfig(), new StringSerializer(), new StringSerializer());
    feedThread =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "streamgate-demo-feed");
              thread.setDaemon(true);
              return thread;
            });
    feedThread.execute(this::createTopicThenFeed);
    LOG.infof(
        "Demo feed on: %d quotes/s of %s to topic %s", demo.rate(), demo.symbols(), demo.topic());
  }

  void onStop(@Observes ShutdownEvent event) {
    if (feedThread == null) {
      return;
    }
    feedThread.shutdownNow();
    try {
      if (!feedThread.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Demo feed thread did not stop in time");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // close(timeout) flushes the records already sent first; unlike flush() it is bounded, so a
    // dead broker cannot hold up shutdown.
    producer.close(CLOSE_TIMEOUT);
    LOG.info("Demo feed stopped");
  }

  /** Runs on the feed thread: retries topic creation until it works, then starts the ticks. */
  private void createTopicThenFeed() {
    boolean created;
    try {
      created = ensureTopic();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      reportOnce("create the topic", e);
      if (!feedThread.isShutdown()) {
        feedThread.schedule(
            this::createTopicThenFeed, TOPIC_RETRY.toMillis(), TimeUnit.MILLISECONDS);
      }
      return;
    }
    PriceFeed feed = new PriceFeed(demo.symbols(), System.nanoTime(), System::currentTimeMillis);
    long periodNanos = TimeUnit.SECONDS.toNanos(1) / demo.rate();
    // Fixed delay, not fixed rate: after a broker outage the feed resumes its pace instead of
    // bursting out every tick it missed.
    // A just-created topic's partitions take a moment to get their leaders; sending at once only
    // earns a burst of NOT_LEADER_OR_FOLLOWER retry warnings from the producer.
    long startNanos = created ? NEW_TOPIC_SETTLE.toNanos() : 0;
    feedThread.scheduleWithFixedDelay(
        () -> send(feed.next()), startNanos, periodNanos, TimeUnit.NANOSECONDS);
  }

  /** Creates the topic unless it exists; tells whether it created it. */
  private boolean ensureTopic() throws Exception {
    Admin admin = Admin.create(clientConfig(AdminClientConfig.configNames()));
    // After a failure (no broker, or interrupted by shutdown) there is nothing worth waiting for.
    Duration closeWait = Duration.ZERO;
    try {
      NewTopic topic = new NewTopic(demo.topic(), Optional.of(demo.partitions()), Optional.empty());
      try {
        admin
            .createTopics(List.of(topic))
            .all()
            .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("Created demo topic %s with %d partitions", demo.topic(), demo.partitions());
        closeWait = CLOSE_TIMEOUT;
        return true;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof TopicExistsException) {
          closeWait = CLOSE_TIMEOUT;
          return false;
        }
        throw e;
      }
    } finally {
      admin.close(closeWait);
    }
  }

  /**
   * One tick. Never throws: an exception would cancel every later tick of the fixed-rate schedule.
   */
  private void send(PriceFeed.Quote quote) {
    try {
      ProducerRecord<String, String> record =
          new ProducerRecord<>(demo.topic(), quote.symbol(), quote.toJson());
      record.headers().add(typeHeader, EVENT_TYPE.getBytes(StandardCharsets.UTF_8));
      producer.send(
          record,
          (metadata, error) -> {
            if (error != null) {
              reportOnce("send a quote", error);
            }
          });
    } catch (RuntimeException e) {
      if (!feedThread.isShutdown()) { // an interrupted send at shutdown is no error
        reportOnce("send a quote", e);
      }
    }
  }

  private void reportOnce(String action, Throwable error) {
    Throwable cause =
        error instanceof ExecutionException && error.getCause() != null ? error.getCause() : error;
    if (reportedErrors.add(action + ":" + cause.getClass().getName())) {
      LOG.warnf(
          "Demo feed could not %s (%s); further errors of this kind are not logged",
          action, cause.toString());
    }
  }

  private Map<String, Object> producerConfig() {
    Map<String, Object> config = clientConfig(ProducerConfig.configNames());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "streamgate-demo-feed");
    return config;
  }

  /**
   * The {@code kafka.*} properties that the given client understands. The shared map also holds
   * consumer-only and Quarkus settings, which would otherwise be logged as unknown configs.
   */
  private Map<String, Object> clientConfig(Set<String> known) {
    Map<String, Object> config = new HashMap<>();
    kafkaConfig.forEach(
        (key, value) -> {
          if (known.contains(key)) {
            config.put(key, value);
          }
        });
    return config;
  }
}
