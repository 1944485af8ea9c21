package dev.streamgate.publish;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The publish endpoint, {@code POST /topics/{topic}/events}: publish settings.
 *
 * <p>Its switch, {@code streamgate.publish.enabled}, is declared in {@code security} ({@link
 * dev.streamgate.security.PublishSwitchConfig}), whose start-up summary warns when it is on without
 * JWT.
 */
@ConfigMapping(prefix = "streamgate.publish")
public interface PublishConfig {

  /**
   * Largest value accepted, in bytes; above it the answer is 413. Keep it below the broker's {@code
   * message.max.bytes} (1 MB by default) minus the key and headers.
   */
  @WithDefault("1000000")
  int maxValueBytes();

  /** Largest key accepted, in UTF-8 bytes; above it the answer is 400. */
  @WithDefault("1024")
  int maxKeyBytes();

  /** How long a publish waits for Kafka's acknowledgement before answering 503. */
  @WithDefault("10s")
  Duration timeout();
}
