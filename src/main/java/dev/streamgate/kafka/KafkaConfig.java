package dev.streamgate.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How the service talks to Kafka beyond the {@code kafka.*} client properties: Kafka settings that
 * are not client properties.
 */
@ConfigMapping(prefix = "streamgate.kafka")
public interface KafkaConfig {

  /** Timeout of metadata and offset look-ups made before a stream opens. */
  @WithDefault("10s")
  Duration requestTimeout();

  /**
   * How long the readiness check waits for Kafka's cluster metadata. Short, so that a probe gets a
   * quick DOWN when Kafka is unreachable instead of hanging on the admin client.
   */
  @WithDefault("2s")
  Duration healthTimeout();
}
