package dev.streamgate.decode;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Compiles Avro schema text and decodes datums written by Avro, framed as Confluent frames them.
 */
final class AvroCases {

  static final SchemaCompiler COMPILER = new SchemaCompiler(DecodeLimits.DEFAULTS);

  private AvroCases() {}

  static Schema parse(String schema) {
    return new Schema.Parser().parse(schema);
  }

  static SchemaDecoder compile(String schema) {
    return COMPILER.compile(
        new SchemaText(1, SchemaType.AVRO, schema, List.of()), ReferenceResolver.NONE);
  }

  /** The JSON the decoder makes of {@code datum} written with {@code schema}. */
  static String json(String schema, Object datum) {
    return json(compile(schema), parse(schema), datum);
  }

  static String json(SchemaDecoder decoder, Schema schema, Object datum) {
    byte[] framed = ConfluentFrames.framed(1, ConfluentFrames.avro(schema, datum));
    Decoding decoding =
        new FramedDecoder("t", id -> registered(decoder), DecodeLimits.DEFAULTS).value(framed);
    if (!(decoding instanceof Decoded decoded)) {
      throw new AssertionError("not decoded: " + decoding);
    }
    return new String(decoded.json(), StandardCharsets.UTF_8);
  }

  static RegisteredSchema registered(SchemaDecoder decoder) {
    return new RegisteredSchema(1, decoder, List.of());
  }

  /** A record schema with one field of the given type (JSON text). */
  static String field(String type) {
    return "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"f\",\"type\":"
        + type
        + "}]}";
  }
}
