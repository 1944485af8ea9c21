package dev.streamgate.stream.open;

import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.stream.StreamConfig;
import dev.streamgate.stream.delivery.StreamSettings;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What every stream of the pod opens with, from configuration: the settings all streams share, the
 * jittered lifetime and {@code retry:} each stream draws, and the bounds of its open.
 *
 * @param config {@code streamgate.stream.*}
 * @param typeHeader {@code streamgate.stream.type-header}
 * @param maxTopics {@code streamgate.stream.max-topics}
 * @param maxIdLength the codec's bound, {@code streamgate.stream.max-id-length}
 * @param expiryNotice {@code streamgate.security.jwt.expiry-notice}
 * @param snapshotTimeout {@code streamgate.snapshot.build-timeout}: how long an open waits for a
 *     key table's build
 */
record StreamDefaults(
    StreamConfig config,
    String typeHeader,
    int maxTopics,
    int maxIdLength,
    Duration expiryNotice,
    Duration snapshotTimeout) {

  /**
   * The settings every stream shares, with this stream's lifetime drawn; the stream's format,
   * filter and credential are its own steps.
   */
  StreamSettings.Builder settings(CursorCodec codec) {
    return StreamSettings.builder()
        .codec(codec)
        .typeHeader(typeHeader)
        .maxBatchBytes(config.maxBatchBytes())
        .heartbeat(config.heartbeat())
        .lifetime(lifetime())
        .slowClient(config.slowClientTimeout())
        .expiryNotice(expiryNotice);
  }

  /**
   * {@code max-lifetime} less a random part of {@code lifetime-jitter}, at most half the lifetime.
   */
  private Duration lifetime() {
    long jitter = config.lifetimeJitter().toNanos();
    long lifetime = config.maxLifetime().toNanos();
    return Duration.ofNanos(
        lifetime
            - (jitter > 0
                ? ThreadLocalRandom.current().nextLong(Math.min(jitter, lifetime / 2) + 1)
                : 0));
  }

  /** {@code retry} plus a random part of {@code retry-jitter}, so clients do not return at once. */
  long retryMillis() {
    long jitter = config.retryJitter().toMillis();
    return config.retry().toMillis()
        + (jitter > 0 ? ThreadLocalRandom.current().nextLong(jitter + 1) : 0);
  }

  long snapshotTimeoutNanos() {
    return snapshotTimeout.toNanos();
  }
}
