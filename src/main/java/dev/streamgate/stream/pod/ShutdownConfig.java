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
   * Time over which a stopping pod closes its streams, in waves, after readiness went DOWN; the pod
   * stops as soon as its last stream is gone (an idle pod at once), at the latest after this
   * period. Kubernetes' {@code terminationGracePeriodSeconds} must exceed it plus {@code
   * quarkus.shutdown.delay} (the listener's linger after the drain) and {@code
   * quarkus.shutdown.timeout}.
   */
  @WithDefault("30s")
  Duration drainPeriod();

  /** Number of waves the streams are closed in; more waves, smoother reconnects elsewhere. */
  @WithDefault("10")
  int waves();
}
