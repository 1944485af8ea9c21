package dev.streamgate.decode;

/**
 * Compiles a schema of any supported type into its {@link SchemaDecoder}, with the pod's bounds.
 * Called once per schema id (the registry's cache keeps the result); blocking when the schema has
 * references to fetch.
 */
public final class SchemaCompiler {

  private final DecodeLimits limits;

  public SchemaCompiler(DecodeLimits limits) {
    this.limits = limits;
  }

  public DecodeLimits limits() {
    return limits;
  }

  /**
   * @throws DecodeException {@code invalid-schema}, {@code schema-too-large}, or what resolving a
   *     reference threw ({@code unknown-schema}, {@code registry-unavailable})
   */
  public SchemaDecoder compile(SchemaText schema, ReferenceResolver references) {
    return switch (schema.type()) {
      case AVRO -> AvroSchemas.compile(schema, references, limits);
      case PROTOBUF -> ProtoSchemas.compile(schema, references, limits);
      case JSON -> {
        SchemaTextBounds.check(schema.text(), schema.id(), limits);
        yield new JsonPayloadDecoder(limits);
      }
    };
  }

  /**
   * The message-index path of a Protobuf message by its full name, for a bare topic's {@code
   * message} setting; {@code [0]} (the first message) when {@code message} is null.
   *
   * @throws DecodeException {@code invalid-schema} when the schema has no such message
   */
  public static int[] messagePath(SchemaDecoder decoder, String message) {
    if (message == null || !(decoder instanceof ProtobufDecoder protobuf)) {
      return new int[] {0};
    }
    int[] path = protobuf.indexesOf(message);
    if (path == null) {
      throw new DecodeException(
          DecodeReason.INVALID_SCHEMA,
          DecodeException.NO_SCHEMA_ID,
          "The schema has no message " + Printable.of(message, 120));
    }
    return path;
  }
}
