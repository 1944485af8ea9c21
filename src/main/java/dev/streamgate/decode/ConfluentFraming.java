package dev.streamgate.decode;

/**
 * The Confluent wire format, read strictly: a magic byte {@code 0x00}, the schema id as 4 bytes
 * big-endian, for Protobuf the message indexes, then the payload. Every Confluent-compatible
 * serializer (Confluent's, Apicurio's in its Confluent mode, Karapace's, Redpanda's) writes it.
 *
 * <p>Protobuf's message indexes locate the message type in the schema's file: a count, then that
 * many indexes, each a zig-zag varint (Kafka's {@code ByteUtils.writeVarint}); index {@code i}
 * picks the {@code i}-th message declared at that level (enums are not counted), the next index a
 * message nested in it. The common case, the file's first message, is written as a single {@code 0}
 * (a count of zero standing for {@code [0]}).
 *
 * <p>Nothing here throws anything but {@link DecodeException}, whatever the bytes; sizes are
 * checked before anything is allocated. Stateless; any thread.
 */
public final class ConfluentFraming {

  /** The first byte of a framed key or value. */
  public static final byte MAGIC = 0;

  /** Magic byte and schema id. */
  public static final int HEADER_BYTES = 5;

  private static final int[] FIRST_MESSAGE = {0};

  private ConfluentFraming() {}

  /** Where a Protobuf payload starts, and the path of its message type in the schema's file. */
  public record MessagePath(int[] indexes, int payloadStart) {}

  /** Whether the bytes claim the framing: present, and starting with the magic byte. */
  public static boolean isFramed(byte[] bytes) {
    return bytes != null && bytes.length > 0 && bytes[0] == MAGIC;
  }

  /**
   * The schema id of framed bytes.
   *
   * @throws DecodeException {@code truncated-framing} under 5 bytes; {@code bad-framing} for a
   *     missing magic byte or a negative id
   */
  public static int schemaId(byte[] bytes) {
    if (!isFramed(bytes)) {
      throw new DecodeException(
          DecodeReason.BAD_FRAMING, DecodeException.NO_SCHEMA_ID, "No magic byte 0x00");
    }
    if (bytes.length < HEADER_BYTES) {
      throw new DecodeException(
          DecodeReason.TRUNCATED_FRAMING,
          DecodeException.NO_SCHEMA_ID,
          "Framing of " + bytes.length + " bytes; the magic byte and schema id take 5");
    }
    int id =
        ((bytes[1] & 0xff) << 24)
            | ((bytes[2] & 0xff) << 16)
            | ((bytes[3] & 0xff) << 8)
            | (bytes[4] & 0xff);
    if (id < 0) {
      throw new DecodeException(
          DecodeReason.BAD_FRAMING, DecodeException.NO_SCHEMA_ID, "Negative schema id " + id);
    }
    return id;
  }

  /**
   * Protobuf's message indexes, read from {@code from} (just after the schema id).
   *
   * @param maxIndexes most indexes accepted (a path deeper than the schema's nesting bound is
   *     absurd)
   * @throws DecodeException {@code truncated-framing} when the bytes end inside them; {@code
   *     bad-framing} for a varint over 32 bits, a negative count or index, or more than {@code
   *     maxIndexes}
   */
  public static MessagePath messageIndexes(byte[] bytes, int from, int maxIndexes, int schemaId) {
    int[] position = {from};
    int count = readZigZag(bytes, position, schemaId);
    if (count == 0) {
      return new MessagePath(FIRST_MESSAGE, position[0]);
    }
    if (count < 0 || count > maxIndexes) {
      throw new DecodeException(
          DecodeReason.BAD_FRAMING,
          schemaId,
          "Message-index count " + count + " is outside 0.." + maxIndexes);
    }
    if (count > bytes.length - position[0]) {
      throw new DecodeException(
          DecodeReason.TRUNCATED_FRAMING,
          schemaId,
          count + " message indexes announced, " + (bytes.length - position[0]) + " bytes left");
    }
    int[] indexes = new int[count];
    for (int i = 0; i < count; i++) {
      indexes[i] = readZigZag(bytes, position, schemaId);
      if (indexes[i] < 0) {
        throw new DecodeException(
            DecodeReason.BAD_FRAMING, schemaId, "Negative message index " + indexes[i]);
      }
    }
    return new MessagePath(indexes, position[0]);
  }

  /** A zig-zag varint of at most 32 bits (at most 5 bytes, the fifth below 0x10). */
  private static int readZigZag(byte[] bytes, int[] position, int schemaId) {
    int raw = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (position[0] >= bytes.length) {
        throw new DecodeException(
            DecodeReason.TRUNCATED_FRAMING, schemaId, "The bytes end inside a message index");
      }
      int b = bytes[position[0]++] & 0xff;
      if (shift == 28 && b > 0x0f) {
        throw new DecodeException(
            DecodeReason.BAD_FRAMING, schemaId, "A message-index varint over 32 bits");
      }
      raw |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    throw new DecodeException(
        DecodeReason.BAD_FRAMING, schemaId, "A message-index varint over 32 bits");
  }
}
