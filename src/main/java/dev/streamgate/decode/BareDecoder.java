package dev.streamgate.decode;

/**
 * Decodes a topic whose values are bare Avro or Protobuf, without the framing, with one configured
 * schema (from a file or a registry subject). Its keys are decoded as framed keys are: a key with
 * the framing is decoded by its own id, any other key is served as it is. Tombstones stay as they
 * are. Any failure is a {@link DecodeError}; nothing is thrown.
 *
 * <p>Threads: any (stateless).
 */
public final class BareDecoder implements TopicDecoder {

  private final TopicDecoder keys;
  private final SchemaDecoder schema;
  private final SchemaRef ref;
  private final int[] messagePath;
  private final DecodeLimits limits;

  public BareDecoder(
      TopicDecoder keys,
      SchemaDecoder schema,
      SchemaRef ref,
      int[] messagePath,
      DecodeLimits limits) {
    this.keys = keys;
    this.schema = schema;
    this.ref = ref;
    this.messagePath = messagePath.clone();
    this.limits = limits;
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
    try {
      if (bytes.length > limits.maxValueBytes()) {
        throw new DecodeException(
            DecodeReason.TOO_LARGE,
            ref.id(),
            bytes.length + " bytes; at most " + limits.maxValueBytes() + " are decoded");
      }
      return new Decoded(schema.toJson(bytes, 0, messagePath), ref);
    } catch (DecodeException e) {
      return e.forSchema(ref.id()).toError();
    } catch (RuntimeException e) {
      return new DecodeError(
          DecodeReason.PAYLOAD_MISMATCH, ref.id(), "Undecodable: " + e.getClass().getSimpleName());
    }
  }
}
