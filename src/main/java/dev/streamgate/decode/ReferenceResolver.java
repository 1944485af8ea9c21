package dev.streamgate.decode;

/**
 * Fetches the schemas a schema references (the registry's {@code GET
 * /subjects/{subject}/versions/{version}}); blocking, on the caller's thread.
 */
@FunctionalInterface
public interface ReferenceResolver {

  /** Resolves nothing: for schemas without references (files, tests). */
  ReferenceResolver NONE =
      reference -> {
        throw new DecodeException(
            DecodeReason.INVALID_SCHEMA,
            DecodeException.NO_SCHEMA_ID,
            "Reference " + Printable.of(reference.name(), 120) + " cannot be resolved here");
      };

  /**
   * The referenced schema.
   *
   * @throws DecodeException {@code unknown-schema} or {@code registry-unavailable}
   */
  SchemaText resolve(SchemaReference reference);
}
