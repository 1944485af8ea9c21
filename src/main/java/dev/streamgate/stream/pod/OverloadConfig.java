package dev.streamgate.stream.pod;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How a pod behaves when it is offered more than its clients read: the write budget that bounds the
 * memory its streams' pending writes hold, and the admission that answers new streams 503 while the
 * budget is spent. Read by {@link PodWrites}.
 */
@ConfigMapping(prefix = "streamgate.overload")
public interface OverloadConfig {

  /**
   * Most bytes of direct memory the pod's streams' writes may hold at once (each batch is a joined
   * buffer that lives until the socket has taken every write of it). At the bound a stream fills no
   * new batch until the held bytes fall to three quarters of it (its records wait in the topic's
   * window), a client whose connection has not taken a write for {@code
   * streamgate.stream.slow-client-timeout} is closed (it resumes exactly), and new streams are
   * answered 503. 0: a quarter of the JVM's direct memory limit ({@code -XX:MaxDirectMemorySize},
   * by default the heap's maximum).
   */
  @WithDefault("0")
  long writeBudget();

  /**
   * How long the held bytes must stay at or below half the write budget before a saturated pod
   * admits new streams again. Long enough that the clients it cut, and the ones it refused, come
   * back to a pod that has caught up, not to one that saturates again at once.
   */
  @WithDefault("5s")
  Duration recovery();

  /**
   * The smallest {@code Retry-After} of a 503 answered while the pod is saturated; a random part of
   * {@link #retryAfterJitter()} is added, so refused clients come back spread out rather than
   * together (browsers through {@code streamgate.js}, other pods through the load balancer).
   */
  @WithDefault("5s")
  Duration retryAfter();

  /** Upper bound of the random delay added to {@link #retryAfter()} for each refusal. */
  @WithDefault("5s")
  Duration retryAfterJitter();
}
