package dev.streamgate.decode;

import static dev.streamgate.decode.ProtoCases.decode;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every way a Protobuf schema or record can fail: a typed failure, never an exception. */
class ProtobufFailuresTest {

  @Test
  void indexesThatNameNoMessageAreAMismatch() {
    ProtobufDecoder decoder = ProtoCases.orders();
    assertThat(reason(decode(decoder, ConfluentFrames.protobuf(3, List.of(2), new byte[0]))))
        .isEqualTo(DecodeReason.PAYLOAD_MISMATCH);
    assertThat(reason(decode(decoder, ConfluentFrames.protobuf(3, List.of(0, 1), new byte[0]))))
        .isEqualTo(DecodeReason.PAYLOAD_MISMATCH);
  }

  @Test
  void bytesThatAreNotTheMessageAreAMismatch() {
    byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff};
    assertThat(
            reason(decode(ProtoCases.orders(), ConfluentFrames.protobuf(3, List.of(0), garbage))))
        .isEqualTo(DecodeReason.PAYLOAD_MISMATCH);
  }

  @Test
  void truncatedIndexesAreTruncatedFraming() {
    byte[] framed = {0, 0, 0, 0, 3, 4};
    DecodeError error = (DecodeError) decode(ProtoCases.orders(), framed);
    assertThat(error.reason()).isEqualTo(DecodeReason.TRUNCATED_FRAMING);
    assertThat(error.schemaId()).isEqualTo(3);
  }

  @Test
  void aRecursiveMessageStopsAtTheDepth() {
    String text = "syntax = \"proto3\"; message Node { Node next = 1; int32 v = 2; }";
    DecodeLimits limits = new DecodeLimits(8, 1 << 16, 1 << 16, 1 << 16, 100, 4);
    ProtobufDecoder decoder = ProtoCases.compile(limits, text, List.of(), Map.of());
    byte[] payload = {};
    for (int i = 0; i < 20; i++) {
      byte[] outer = new byte[payload.length + 2];
      outer[0] = 0x0a; // field 1, length-delimited
      outer[1] = (byte) payload.length;
      System.arraycopy(payload, 0, outer, 2, payload.length);
      payload = outer;
    }
    Decoding decoding =
        new FramedDecoder("t", id -> new RegisteredSchema(id, decoder, List.of()), limits)
            .value(ConfluentFrames.protobuf(3, List.of(0), payload));
    assertThat(reason(decoding)).isEqualTo(DecodeReason.TOO_DEEP);
  }

  @Test
  void schemaFailures() {
    assertThat(compileReason("syntax = \"proto3\"; message {", List.of(), Map.of()))
        .isEqualTo(DecodeReason.INVALID_SCHEMA);
    assertThat(compileReason("syntax = \"proto3\"; message A { Nope b = 1; }", List.of(), Map.of()))
        .isEqualTo(DecodeReason.INVALID_SCHEMA);
    // an import that is neither a reference nor well known
    assertThat(compileReason("syntax = \"proto3\"; import \"x.proto\";", List.of(), Map.of()))
        .isEqualTo(DecodeReason.INVALID_SCHEMA);
    // a reference the registry does not know
    assertThat(
            compileReason(
                "syntax = \"proto3\"; import \"x.proto\";",
                List.of(new SchemaReference("x.proto", "x", 1)),
                Map.of()))
        .isEqualTo(DecodeReason.UNKNOWN_SCHEMA);
    // an import cycle through references
    String a = "syntax = \"proto3\"; import \"b.proto\"; message A {}";
    String b = "syntax = \"proto3\"; import \"a.proto\"; message B {}";
    assertThat(compileCycle(a, b)).isEqualTo(DecodeReason.INVALID_SCHEMA);
    // groups are not decoded
    assertThat(
            compileReason(
                "syntax = \"proto2\"; message A { optional group G = 1 { optional int32 x = 2; } }",
                List.of(),
                Map.of()))
        .isEqualTo(DecodeReason.INVALID_SCHEMA);
  }

  @Test
  void hostileSchemasAreRefused() {
    StringBuilder deep = new StringBuilder("syntax = \"proto3\";");
    for (int i = 0; i < 70; i++) {
      deep.append(" message M").append(i).append(" {");
    }
    deep.append("}".repeat(70));
    assertThat(compileReason(deep.toString(), List.of(), Map.of()))
        .isEqualTo(DecodeReason.SCHEMA_TOO_LARGE);
    StringBuilder huge = new StringBuilder("syntax = \"proto3\"; enum Big {");
    for (int i = 0; i < 20_001; i++) {
      huge.append(" V").append(i).append(" = ").append(i).append(';');
    }
    assertThat(compileReason(huge.append('}').toString(), List.of(), Map.of()))
        .isEqualTo(DecodeReason.SCHEMA_TOO_LARGE);
    String braces = "syntax = \"proto3\"; message A { option (x) = " + "{".repeat(100_000) + "}";
    assertThat(compileReason(braces, List.of(), Map.of())).isEqualTo(DecodeReason.SCHEMA_TOO_LARGE);
  }

  private static DecodeReason compileCycle(String a, String b) {
    try {
      new SchemaCompiler(DecodeLimits.DEFAULTS)
          .compile(
              new SchemaText(
                  3, SchemaType.PROTOBUF, a, List.of(new SchemaReference("b.proto", "b", 1))),
              r ->
                  r.subject().equals("b")
                      ? new SchemaText(
                          4,
                          SchemaType.PROTOBUF,
                          b,
                          List.of(new SchemaReference("a.proto", "a", 1)))
                      : new SchemaText(
                          5,
                          SchemaType.PROTOBUF,
                          a,
                          List.of(new SchemaReference("b.proto", "b", 1))));
      return null;
    } catch (DecodeException e) {
      return e.reason();
    }
  }

  private static DecodeReason compileReason(
      String text, List<SchemaReference> refs, Map<String, String> byName) {
    try {
      ProtoCases.compile(text, refs, byName);
      return null;
    } catch (DecodeException e) {
      assertThat(e.schemaId()).isEqualTo(3);
      return e.reason();
    }
  }

  private static DecodeReason reason(Decoding decoding) {
    return decoding instanceof DecodeError error ? error.reason() : null;
  }
}
