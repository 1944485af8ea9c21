package dev.streamgate.decode;

import java.nio.charset.StandardCharsets;

/**
 * A decoded key or value: its JSON, made once per record and shared by every stream, selection and
 * encoder, and the schema it was decoded with (for the envelope). The JSON is compact UTF-8 on one
 * line: it never holds a raw CR or LF (control characters in strings are escaped), so it can be put
 * in an SSE {@code data:} line or an NDJSON line as it is.
 *
 * <p>Immutable by contract: the array is never written after construction; do not write it.
 */
public record Decoded(byte[] json, SchemaRef schema) implements Decoding {

  /** The JSON as text. */
  public String jsonText() {
    return new String(json, StandardCharsets.UTF_8);
  }
}
