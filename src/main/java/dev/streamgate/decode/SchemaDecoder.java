package dev.streamgate.decode;

/**
 * A compiled schema: turns payloads written with it into JSON. Compiled once per schema id per pod
 * and shared; implementations are immutable and safe on any number of threads.
 */
public interface SchemaDecoder {

  SchemaType type();

  /**
   * The JSON of the payload {@code bytes[from..]}.
   *
   * @param messageIndexes Protobuf's message path in the schema's file ({@code [0]}: the first
   *     message); ignored by the other types
   * @throws DecodeException {@code payload-mismatch}, {@code too-large} or {@code too-deep}
   */
  byte[] toJson(byte[] bytes, int from, int[] messageIndexes);
}
