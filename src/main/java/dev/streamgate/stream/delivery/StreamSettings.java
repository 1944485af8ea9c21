package dev.streamgate.stream.delivery;

import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.wire.EventEncoder;
import dev.streamgate.wire.Format;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one client stream is told at open besides its lanes: framing, filters and deadlines. The
 * deliveries read the framing and filters, {@link StreamDeadlines} the durations. Made with {@link
 * #builder()}, whose steps name each value.
 */
public record StreamSettings(
    EventEncoder encoder,
    Format format,
    CursorCodec codec,
    RecordFilter filter,
    String typeHeader,
    int maxBatchBytes,
    long heartbeatNanos,
    long lifetimeNanos,
    long slowClientNanos,
    long credentialExpiryEpochMillis,
    long expiryNoticeNanos) {

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The settings by named steps. Required: the format, the codec, the type header, the batch size,
   * the heartbeat, the lifetime and the slow-client timeout; by default a stream has no filter, a
   * credential that never expires and no expiry notice.
   */
  public static final class Builder {

    private Format format;
    private CursorCodec codec;
    private RecordFilter filter = RecordFilter.NONE;
    private String typeHeader;
    private int maxBatchBytes;
    private Duration heartbeat;
    private Duration lifetime;
    private Duration slowClient;
    private long credentialExpiryEpochMillis = Long.MAX_VALUE;
    private Duration expiryNotice = Duration.ZERO;

    private Builder() {}

    /** The wire format; the stream frames with its encoder. */
    public Builder format(Format format) {
      this.format = format;
      return this;
    }

    /** The codec of the stream's ids. */
    public Builder codec(CursorCodec codec) {
      this.codec = codec;
      return this;
    }

    /** The stream's {@code key}/{@code type} filters and selection. */
    public Builder filter(RecordFilter filter) {
      this.filter = filter;
      return this;
    }

    /** The record header that holds the event type. */
    public Builder typeHeader(String typeHeader) {
      this.typeHeader = typeHeader;
      return this;
    }

    /** Most bytes of frames in one write. */
    public Builder maxBatchBytes(int maxBatchBytes) {
      this.maxBatchBytes = maxBatchBytes;
      return this;
    }

    /** Idle time before a heartbeat. */
    public Builder heartbeat(Duration heartbeat) {
      this.heartbeat = heartbeat;
      return this;
    }

    /** How long the stream lasts at most (the opener jitters it per stream). */
    public Builder lifetime(Duration lifetime) {
      this.lifetime = lifetime;
      return this;
    }

    /** How long the connection may leave a write pending before it counts as slow. */
    public Builder slowClient(Duration slowClient) {
      this.slowClient = slowClient;
      return this;
    }

    /** When the caller's credential expires (the stream ends then); empty: never. */
    public Builder credentialExpiry(Optional<Instant> expiresAt) {
      this.credentialExpiryEpochMillis =
          expiresAt.map(Instant::toEpochMilli).orElse(Long.MAX_VALUE);
      return this;
    }

    /** How long before the credential's expiry the stream sends {@code token-expiring}. */
    public Builder expiryNotice(Duration expiryNotice) {
      this.expiryNotice = expiryNotice;
      return this;
    }

    public StreamSettings build() {
      Objects.requireNonNull(format, "format");
      if (maxBatchBytes <= 0) {
        throw new IllegalStateException("maxBatchBytes must be positive, was " + maxBatchBytes);
      }
      return new StreamSettings(
          format.encoder(),
          format,
          Objects.requireNonNull(codec, "codec"),
          Objects.requireNonNull(filter, "filter"),
          Objects.requireNonNull(typeHeader, "typeHeader"),
          maxBatchBytes,
          Objects.requireNonNull(heartbeat, "heartbeat").toNanos(),
          Objects.requireNonNull(lifetime, "lifetime").toNanos(),
          Objects.requireNonNull(slowClient, "slowClient").toNanos(),
          credentialExpiryEpochMillis,
          Objects.requireNonNull(expiryNotice, "expiryNotice").toNanos());
    }
  }
}
