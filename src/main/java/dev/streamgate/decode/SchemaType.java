package dev.streamgate.decode;

/**
 * The schema types a Confluent-compatible registry serves, by the names of its {@code schemaType}
 * field. A registry that leaves the field out means Avro (the registry's first and default type).
 */
public enum SchemaType {
  AVRO,
  PROTOBUF,
  JSON;

  /**
   * The type named by a registry answer's {@code schemaType}; absent (null) is Avro.
   *
   * @throws DecodeException {@link DecodeReason#UNSUPPORTED_SCHEMA_TYPE} for any other name
   */
  public static SchemaType ofRegistry(String schemaType, int schemaId) {
    if (schemaType == null) {
      return AVRO;
    }
    return switch (schemaType) {
      case "AVRO" -> AVRO;
      case "PROTOBUF" -> PROTOBUF;
      case "JSON" -> JSON;
      default ->
          throw new DecodeException(
              DecodeReason.UNSUPPORTED_SCHEMA_TYPE,
              schemaId,
              "Schema type " + Printable.of(schemaType, 40) + " is not supported");
    };
  }
}
