package dev.streamgate.publish;

import io.smallrye.reactive.messaging.ClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.Config;

/**
 * The guarantees of the {@value Publisher#CHANNEL} channel's producer, derived from {@code
 * streamgate.publish.*} so that they cannot drift from the endpoint's limits: idempotent with
 * {@code acks=all} (a retried send never writes a record twice, and a 201 means every in-sync
 * replica has it), requests sized for the largest accepted key and value, and every wait of a send
 * (metadata, delivery) bounded by {@code streamgate.publish.timeout}.
 *
 * <p>The producer never creates a topic on its own: the endpoint checks the topic exists before it
 * sends (404 otherwise), and brokers should run with {@code auto.create.topics.enable=false}.
 */
@ApplicationScoped
class PublishChannelSettings implements ClientCustomizer<Map<String, Object>> {

  /** Room for the key, headers and batch overhead above the value cap. */
  private static final int OVERHEAD_BYTES = 64 * 1024;

  private final String maxRequestBytes;
  private final String timeoutMillis;

  PublishChannelSettings(PublishConfig publish) {
    this.maxRequestBytes =
        Integer.toString(publish.maxValueBytes() + publish.maxKeyBytes() + OVERHEAD_BYTES);
    this.timeoutMillis = Long.toString(publish.timeout().toMillis());
  }

  @Override
  public Map<String, Object> customize(
      String channel, Config channelConfig, Map<String, Object> producer) {
    if (!Publisher.CHANNEL.equals(channel)) {
      return producer;
    }
    // Strings: the connector reads some of these back as strings.
    producer.put(ProducerConfig.ACKS_CONFIG, "all");
    producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    producer.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    producer.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes);
    producer.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis);
    producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMillis);
    producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMillis);
    return producer;
  }
}
