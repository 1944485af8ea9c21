package dev.streamgate.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * The {@code streamgate.stream} setting that {@link TopicCatalog} reads: how long the catalog
 * shares one metadata answer between the streams that open ({@link DescribeRounds}). The stream
 * feature owns the prefix ({@code dev.streamgate.stream.StreamConfig}); the key is declared here,
 * next to its only reader, because {@code kafka} sits below the stream feature.
 */
@ConfigMapping(prefix = "streamgate.stream")
public interface OpenMetadataConfig {

  /**
   * How old the topic metadata a resume from a running reader's window is checked against may be
   * (the topic's incarnation, partition count and log start offsets): the answer of a request sent
   * at most this long before the open, shared by every open meanwhile, else a new request. A
   * reconnect storm then opens from memory, on the event loops, instead of waiting one Kafka round
   * trip per few streams. A topic deleted or recreated within this time before a resume may serve
   * the resume from the old incarnation's window, under its own ids, until the reader's next
   * metadata check ({@code streamgate.tail.metadata-refresh}) ends the stream and the reconnect
   * gets a {@code reset}, as a stream open at that moment does. 0 asks Kafka for every open.
   */
  @WithDefault("1s")
  Duration openMetadataMaxAge();
}
