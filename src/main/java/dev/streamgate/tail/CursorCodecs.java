package dev.streamgate.tail;

import dev.streamgate.cursor.CursorCodec;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The pod's one {@link CursorCodec}, built from {@code streamgate.stream.max-id-length}: the
 * readers that stamp shared ids and the streams that read clients' ids must agree on the bound.
 */
final class CursorCodecs {

  @Produces
  @Singleton
  static CursorCodec codec(IdLengthConfig config) {
    return new CursorCodec(config.maxIdLength());
  }
}
