package dev.streamgate.tail;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The {@code streamgate.stream} setting that bounds event ids, read by {@link CursorCodecs} to
 * build the pod's one codec. The stream feature owns the prefix ({@code
 * dev.streamgate.stream.StreamConfig}); the key is declared here because the topic readers, below
 * the stream feature, are the lowest users of the codec. Streams take the bound from the codec.
 */
@ConfigMapping(prefix = "streamgate.stream")
public interface IdLengthConfig {

  /**
   * Longest event id accepted from {@code Last-Event-ID} or {@code lastEventId}. Longer ids are not
   * parsed at all and the stream opens with a {@code reset}.
   */
  @WithDefault("8192")
  int maxIdLength();
}
