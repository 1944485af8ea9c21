package dev.streamgate.decode;

/**
 * Decodes a topic's keys and values that carry the Confluent framing ({@link ConfluentFraming}):
 * the schema by id from the {@link SchemaSource}, the message indexes for Protobuf, then the
 * payload. Bytes that do not start with the magic byte (and tombstones) are {@link Decoding#AS_IS}:
 * served exactly as without a registry. Any failure is a {@link DecodeError}; nothing is thrown.
 *
 * <p>Threads: any (stateless); blocking while the source fetches a schema.
 */
public final class FramedDecoder implements TopicDecoder {

  private final String topic;
  private final SchemaSource schemas;
  private final DecodeLimits limits;

  public FramedDecoder(String topic, SchemaSource schemas, DecodeLimits limits) {
    this.topic = topic;
    this.schemas = schemas;
    this.limits = limits;
  }

  @Override
  public Decoding key(byte[] bytes) {
    return decode(bytes, true);
  }

  @Override
  public Decoding value(byte[] bytes) {
    return decode(bytes, false);
  }

  private Decoding decode(byte[] bytes, boolean key) {
    if (!ConfluentFraming.isFramed(bytes)) {
      return Decoding.AS_IS;
    }
    int id = DecodeException.NO_SCHEMA_ID;
    try {
      id = ConfluentFraming.schemaId(bytes);
      if (bytes.length > limits.maxValueBytes()) {
        throw new DecodeException(
            DecodeReason.TOO_LARGE,
            id,
            bytes.length + " bytes; at most " + limits.maxValueBytes() + " are decoded");
      }
      RegisteredSchema schema = schemas.byId(id);
      int from = ConfluentFraming.HEADER_BYTES;
      int[] indexes = {0};
      if (schema.decoder().type() == SchemaType.PROTOBUF) {
        ConfluentFraming.MessagePath path =
            ConfluentFraming.messageIndexes(bytes, from, limits.maxDepth(), id);
        from = path.payloadStart();
        indexes = path.indexes();
      }
      return new Decoded(schema.decoder().toJson(bytes, from, indexes), schema.refFor(topic, key));
    } catch (DecodeException e) {
      return (e.schemaId() == DecodeException.NO_SCHEMA_ID ? e.forSchema(id) : e).toError();
    } catch (RuntimeException e) {
      // A library's failure not foreseen by the decoders: still this record's, never the stream's.
      return new DecodeError(
          DecodeReason.PAYLOAD_MISMATCH, id, "Undecodable: " + e.getClass().getSimpleName());
    }
  }
}
