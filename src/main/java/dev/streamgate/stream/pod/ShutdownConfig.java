package dev.streamgate.stream.pod;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How a pod hands its clients to the others when it stops: graceful shutdown settings, read by
 * {@link StreamDrain}.
 */
@ConfigMapping(prefix = "streamgate.shutdown")
public interface ShutdownConfig {

  /**
   * Time over which a stopping pod closes its streams, in waves, after readiness went DOWN. Set
   * {@code quarkus.shutdown.delay} to the same value, {@code quarkus.shutdown.timeout} a little
   * above it, and Kubernetes' {@code terminationGracePeriodSeconds} above both.
   */
  @WithDefault("30s")
  Duration drainPeriod();

  /** Number of waves the streams are closed in; more waves, smoother reconnects elsewhere. */
  @WithDefault("10")
  int waves();
}
