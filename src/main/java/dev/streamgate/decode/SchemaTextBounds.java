package dev.streamgate.decode;

import java.nio.charset.StandardCharsets;

/**
 * The checks on a schema's text before any parser sees it: its size, and how deep its brackets
 * nest. The nesting check keeps a hostile schema (thousands of nested records or messages) from the
 * parsers' recursion: Avro's JSON parser and Wire's .proto parser descend once per level.
 */
final class SchemaTextBounds {

  private SchemaTextBounds() {}

  /** Brackets a schema may nest: each declared level takes up to four (record, fields, field…). */
  static int maxBrackets(DecodeLimits limits) {
    return 4 * limits.maxDepth() + 16;
  }

  static void check(String text, int schemaId, DecodeLimits limits) {
    if (text == null || text.isBlank()) {
      throw new DecodeException(DecodeReason.INVALID_SCHEMA, schemaId, "The schema text is empty");
    }
    // A UTF-8 byte count without encoding: at most 3 bytes per char, so test the cheap bound first.
    if ((long) text.length() * 3 > limits.maxSchemaBytes()) {
      int bytes = text.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > limits.maxSchemaBytes()) {
        throw new DecodeException(
            DecodeReason.SCHEMA_TOO_LARGE,
            schemaId,
            "The schema has " + bytes + " bytes; at most " + limits.maxSchemaBytes() + " allowed");
      }
    }
    int depth = 0;
    int max = maxBrackets(limits);
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '{' || c == '[') {
        if (++depth > max) {
          throw new DecodeException(
              DecodeReason.SCHEMA_TOO_LARGE,
              schemaId,
              "The schema nests more than " + max + " brackets deep");
        }
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
  }
}
