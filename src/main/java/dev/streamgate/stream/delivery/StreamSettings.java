package dev.streamgate.stream.delivery;

import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.wire.EventEncoder;
import dev.streamgate.wire.Format;

/** What one client stream is told at open besides its lanes: framing, filters and deadlines. */
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
    long expiryNoticeNanos) {}
