package dev.streamgate.decode;

/**
 * The bounds of decoding, like a filter's limits: a schema that breaks one is refused when it is
 * compiled ({@link DecodeReason#SCHEMA_TOO_LARGE}); a record that breaks one at decode time is a
 * {@link DecodeReason#TOO_LARGE} or {@link DecodeReason#TOO_DEEP} decode error. Nothing a producer
 * or a registry sends can make decoding use unbounded memory, stack or time.
 *
 * @param maxDepth deepest nesting of a decoded value (records, arrays, maps, messages, unions
 *     inside one another); also the deepest nesting of a schema's declarations
 * @param maxValueBytes largest key or value accepted for decoding, framing included
 * @param maxJsonBytes largest JSON one key or value may decode to; also bounds the items of Avro
 *     arrays and maps (each costs at least two bytes of JSON)
 * @param maxSchemaBytes largest schema text (UTF-8), each reference counted on its own
 * @param maxSchemaNodes most nodes in one schema with its references: named types, fields, enum
 *     symbols, union branches, Protobuf messages, fields and enum values
 * @param maxReferences most schemas a schema may reference, directly and through its references
 */
public record DecodeLimits(
    int maxDepth,
    int maxValueBytes,
    int maxJsonBytes,
    int maxSchemaBytes,
    int maxSchemaNodes,
    int maxReferences) {

  /** The defaults of {@code streamgate.schema-registry.*}, for tests. */
  public static final DecodeLimits DEFAULTS =
      new DecodeLimits(64, 4 << 20, 16 << 20, 1 << 20, 20_000, 64);

  public DecodeLimits {
    if (maxDepth < 1
        || maxValueBytes < 6
        || maxJsonBytes < 16
        || maxSchemaBytes < 16
        || maxSchemaNodes < 1
        || maxReferences < 0) {
      throw new IllegalArgumentException(
          "Decode limits: max-depth >= 1, max-value-bytes >= 6, max-json-bytes >= 16,"
              + " max-schema-bytes >= 16, max-schema-nodes >= 1, max-references >= 0");
    }
  }

  /** Most array or map items one Avro value may hold: each is at least two bytes of JSON. */
  int maxItems() {
    return maxJsonBytes / 2;
  }
}
