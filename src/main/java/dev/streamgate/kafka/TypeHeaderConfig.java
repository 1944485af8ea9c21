package dev.streamgate.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The one {@code streamgate.stream} setting that names a Kafka record header. The stream feature
 * owns the prefix ({@code dev.streamgate.stream.StreamConfig}), but this key is read below it, by
 * the topic readers ({@code tail}), the publish endpoint and the demo feed, which stamp or read the
 * header, as well as by the opener; {@code kafka} is the one package all of them import, so it is
 * declared here, once.
 */
@ConfigMapping(prefix = "streamgate.stream")
public interface TypeHeaderConfig {

  /**
   * Kafka record header whose value becomes the SSE {@code event:} type (CloudEvents binding by
   * default). Records without it are plain {@code message} events.
   */
  @WithDefault("ce_type")
  String typeHeader();
}
