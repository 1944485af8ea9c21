package dev.streamgate.decode;

import java.util.List;

/**
 * A schema as a registry serves it, before it is compiled: its id (or {@link
 * DecodeException#NO_SCHEMA_ID} for a schema from a file), type, text and references.
 */
public record SchemaText(int id, SchemaType type, String text, List<SchemaReference> references) {

  public SchemaText {
    references = List.copyOf(references);
  }
}
