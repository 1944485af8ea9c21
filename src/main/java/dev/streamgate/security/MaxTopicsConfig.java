package dev.streamgate.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The {@code streamgate.stream} setting that bounds how many topics a stream reads. The stream
 * feature owns the prefix ({@code dev.streamgate.stream.StreamConfig}); the key is declared here
 * because {@link Tickets}, below the stream feature, refuses a ticket for more topics than a stream
 * may read. The stream's edge and opener read it from here too.
 */
@ConfigMapping(prefix = "streamgate.stream")
public interface MaxTopicsConfig {

  /**
   * Most topics one stream may name or read: its plain names and the topics its patterns match
   * count together. More is a 400 before a new stream opens; a topic that would join a running (or
   * resumed) pattern stream beyond it is not read, and the stream says so with {@code
   * topic-skipped}. Also keeps a pattern stream's ids well under the cursor's size cap.
   */
  @WithDefault("16")
  int maxTopics();
}
