package dev.streamgate.stream;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Stream settings: how streams are framed, paced and bounded. Read by the stream's rooms: the edge
 * (open threads), the opener (framing, pacing, lifetimes) and the pod's registry (slots).
 *
 * <p>Four keys of this prefix are declared lower in the house, once each, because packages below
 * the stream feature read them: {@code type-header} ({@link dev.streamgate.kafka.TypeHeaderConfig})
 * and {@code open-metadata-max-age} ({@link dev.streamgate.kafka.OpenMetadataConfig}) in {@code
 * kafka}, {@code max-topics} in {@code security} ({@link dev.streamgate.security.MaxTopicsConfig}),
 * {@code max-id-length} in {@code tail} ({@link dev.streamgate.tail.IdLengthConfig}).
 */
@ConfigMapping(prefix = "streamgate.stream")
public interface StreamConfig {

  /**
   * Base reconnect delay sent as {@code retry:} at stream open. A random jitter is added so that
   * the clients of a dying pod do not all reconnect in the same instant.
   */
  @WithDefault("3s")
  Duration retry();

  /** Upper bound of the random delay added to {@link #retry()} for each stream. */
  @WithDefault("2s")
  Duration retryJitter();

  /**
   * Interval of comment heartbeats on an otherwise quiet stream. Keeps proxies from closing idle
   * connections and lets clients notice a dead connection; filtered streams also move their id.
   */
  @WithDefault("15s")
  Duration heartbeat();

  /**
   * Most concurrent streams this pod serves (they share one Kafka reader per topic, so this mostly
   * bounds sockets); a request above it gets 429 with Retry-After before any stream byte.
   */
  @WithDefault("10000")
  int maxStreams();

  /**
   * Longest life of one stream. It then ends cleanly after its last id and the client resumes,
   * possibly on another pod, so load spreads after a scale-out. Loss-free thanks to the cursor.
   */
  @WithDefault("10m")
  Duration maxLifetime();

  /** Random part subtracted from {@link #maxLifetime()} per stream, so expiries do not bunch. */
  @WithDefault("1m")
  Duration lifetimeJitter();

  /**
   * How long a connection may leave a write pending before it counts as a slow client. A slow
   * client that the window moves past is closed after its last complete event (it resumes exactly
   * on reconnect) instead of being given a Kafka reader of its own; a client that keeps taking
   * writes but was outrun by a burst continues from a catch-up reader in place.
   */
  @WithDefault("5s")
  Duration slowClientTimeout();

  /**
   * Threads that open the streams whose open may wait (a token or ticket to verify, a filter to
   * compile, a pattern, a snapshot, a Kafka look-up); the others open on their event loop. Opens
   * beyond them wait their turn; each takes about one Kafka round trip.
   */
  @WithDefault("16")
  int openThreads();

  /** Most bytes of frames handed to the HTTP layer in one write. */
  @WithDefault("65536")
  int maxBatchBytes();
}
