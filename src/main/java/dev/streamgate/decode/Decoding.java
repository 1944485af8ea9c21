package dev.streamgate.decode;

/**
 * What decoding made of one key or value: JSON ({@link Decoded}), a {@link DecodeError} that
 * becomes a {@code decode-error} control event, or {@link #AS_IS}: bytes without the framing (or a
 * topic with decoding off), served exactly as without a registry.
 */
public sealed interface Decoding permits Decoded, DecodeError, Decoding.AsIs {

  /** Not decoded: no framing, no schema for this topic, or decoding off. */
  AsIs AS_IS = new AsIs();

  /** The bytes stay as they are. */
  record AsIs() implements Decoding {}
}
