package dev.streamgate.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Topic patterns in stream paths ({@code /streams/orders.*}): how pattern streams learn of topics
 * created and deleted while they run (docs/api.md#topic-patterns). Read by {@link TopicDirectory},
 * the pod's one listing for every pattern stream.
 */
@ConfigMapping(prefix = "streamgate.patterns")
public interface PatternsConfig {

  /**
   * How often the pod lists Kafka's topics while it serves at least one pattern stream: one Admin
   * {@code listTopics} per interval per pod, whatever the number of streams. A matching topic
   * created meanwhile joins the open streams within about this long (read from its start, so
   * nothing is lost by waiting); a stream opening within an interval of the last listing resolves
   * its patterns against that listing instead of asking Kafka again.
   */
  @WithDefault("5s")
  Duration refreshInterval();
}
