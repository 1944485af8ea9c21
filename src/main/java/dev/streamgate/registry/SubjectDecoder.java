package dev.streamgate.registry;

import dev.streamgate.decode.DecodeException;
import dev.streamgate.decode.DecodeReason;
import dev.streamgate.decode.Decoding;
import dev.streamgate.decode.TopicDecoder;
import java.util.function.Supplier;

/**
 * A bare topic's decoder, built when the topic's first value needs it (its schema from a file or a
 * subject's latest version). Until it can be built every value is a {@code decode-error} with the
 * reason; a build that failed because the registry was unavailable is tried again on the next
 * value, any other failure is kept (the settings or the schema are wrong). Keys are decoded as
 * framed keys meanwhile.
 *
 * <p>Threads: the topic's reader (one thread); the built decoder is published through a volatile.
 */
final class SubjectDecoder implements TopicDecoder {

  private final TopicDecoder keys;
  private final Supplier<TopicDecoder> build;
  private volatile TopicDecoder built;
  private volatile DecodeException failure;

  SubjectDecoder(TopicDecoder keys, Supplier<TopicDecoder> build) {
    this.keys = keys;
    this.build = build;
  }

  @Override
  public Decoding key(byte[] bytes) {
    return keys.key(bytes);
  }

  @Override
  public Decoding value(byte[] bytes) {
    if (bytes == null) {
      return Decoding.AS_IS;
    }
    TopicDecoder decoder = built;
    if (decoder == null) {
      DecodeException kept = failure;
      if (kept != null) {
        return kept.toError();
      }
      try {
        decoder = build.get();
        built = decoder;
      } catch (DecodeException e) {
        if (e.reason() != DecodeReason.REGISTRY_UNAVAILABLE) {
          failure = e;
        }
        return e.toError();
      }
    }
    return decoder.value(bytes);
  }
}
