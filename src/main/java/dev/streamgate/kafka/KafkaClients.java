package dev.streamgate.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Builds Kafka client properties from the {@code kafka.*} configuration (bootstrap servers, SASL,
 * TLS) that Quarkus collects.
 *
 * <p>Readers never join a consumer group: Quarkus defaults {@code group.id} to the application
 * name, which would split partitions between pods, so it is removed and partitions are assigned.
 */
@ApplicationScoped
public class KafkaClients {

  private static final Set<String> CONSUMER_KEYS = ConsumerConfig.configNames();
  private static final Set<String> ADMIN_KEYS = AdminClientConfig.configNames();

  private final Map<String, Object> kafkaConfig;
  private final AtomicLong readerIds = new AtomicLong();

  @Inject
  public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
    this.kafkaConfig = Map.copyOf(kafkaConfig);
  }

  /**
   * Properties of a group-less, read-committed consumer of raw bytes.
   *
   * @param role names the consumer's client id ({@code streamgate-<role>-<n>}), so the broker's and
   *     the JVM's metrics tell topic readers from catch-up readers
   */
  public Map<String, Object> readerProperties(String role, int maxPollRecords) {
    Map<String, Object> props = common(CONSUMER_KEYS);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    props.put(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        IsolationLevel.READ_COMMITTED.toString().toLowerCase());
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(
        ConsumerConfig.CLIENT_ID_CONFIG, "streamgate-" + role + "-" + readerIds.incrementAndGet());
    return props;
  }

  /** Properties of the pod's metadata client. */
  public Map<String, Object> adminProperties() {
    Map<String, Object> props = common(ADMIN_KEYS);
    props.put(AdminClientConfig.CLIENT_ID_CONFIG, "streamgate-admin");
    return props;
  }

  private Map<String, Object> common(Set<String> allowed) {
    Map<String, Object> props = new HashMap<>();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
    kafkaConfig.forEach(
        (key, value) -> {
          if (allowed.contains(key) || key.startsWith("sasl.") || key.startsWith("ssl.")) {
            props.put(key, value);
          }
        });
    return props;
  }
}
