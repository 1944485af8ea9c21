package dev.streamgate.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** Hostile Avro schemas are refused when compiled; hostile payloads are bounded when decoded. */
class AvroBoundsTest {

  private static final DecodeLimits SMALL = new DecodeLimits(16, 1 << 16, 1024, 1 << 16, 500, 4);
  private static final SchemaCompiler COMPILER = new SchemaCompiler(SMALL);

  @Test
  void deeplyNestedRecordsAreRefused() {
    assertThat(compileReason(nestedRecords(17))).isEqualTo(DecodeReason.SCHEMA_TOO_LARGE);
    assertThat(compileReason(nestedRecords(16))).isNull();
  }

  @Test
  void nestingDeeperThanAnyParserShouldRecurseIsRefusedBeforeParsing() {
    String deep = "[".repeat(200_000) + "\"int\"" + "]".repeat(200_000);
    assertThat(compileReason(deep)).isEqualTo(DecodeReason.SCHEMA_TOO_LARGE);
  }

  @Test
  void hugeEnumsAndTooManyFieldsAreRefused() {
    String symbols =
        IntStream.range(0, 600).mapToObj(i -> "\"S" + i + "\"").collect(Collectors.joining(","));
    assertThat(compileReason("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[" + symbols + "]}"))
        .isEqualTo(DecodeReason.SCHEMA_TOO_LARGE);
    String fields =
        IntStream.range(0, 600)
            .mapToObj(i -> "{\"name\":\"f" + i + "\",\"type\":\"int\"}")
            .collect(Collectors.joining(","));
    assertThat(compileReason("{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + fields + "]}"))
        .isEqualTo(DecodeReason.SCHEMA_TOO_LARGE);
  }

  @Test
  void absurdSizesAreRefused() {
    assertThat(compileReason("{\"type\":\"fixed\",\"name\":\"F\",\"size\":2000000000}"))
        .isEqualTo(DecodeReason.SCHEMA_TOO_LARGE);
    assertThat(
            compileReason(
                "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":100000,\"scale\":2}"))
        .isEqualTo(DecodeReason.SCHEMA_TOO_LARGE);
    String big = "{\"type\":\"string\",\"doc\":\"" + "x".repeat(1 << 16) + "\"}";
    assertThat(compileReason(big)).isEqualTo(DecodeReason.SCHEMA_TOO_LARGE);
  }

  @Test
  void aBrokenSchemaIsInvalid() {
    assertThat(compileReason("{\"type\":\"record\",\"name\":\"R\"}"))
        .isEqualTo(DecodeReason.INVALID_SCHEMA);
    assertThat(compileReason("not json")).isEqualTo(DecodeReason.INVALID_SCHEMA);
    assertThat(compileReason("{\"type\":\"NoSuchType\"}")).isEqualTo(DecodeReason.INVALID_SCHEMA);
  }

  @Test
  void aRecursiveTypeIsAllowedButItsValuesStopAtTheDepth() {
    String list =
        "{\"type\":\"record\",\"name\":\"Node\",\"fields\":[{\"name\":\"v\",\"type\":\"int\"},"
            + "{\"name\":\"next\",\"type\":[\"null\",\"Node\"]}]}";
    SchemaDecoder decoder = compile(list);
    assertThat(decodeReason(decoder, linkedList(16))).isNull();
    assertThat(decodeReason(decoder, linkedList(17))).isEqualTo(DecodeReason.TOO_DEEP);
    // far deeper than a stack would take without the bound
    assertThat(decodeReason(decoder, linkedList(30_000))).isEqualTo(DecodeReason.TOO_DEEP);
  }

  @Test
  void itemsThatTakeNoBytesCannotFillTheHeap() {
    SchemaDecoder nulls = compile("{\"type\":\"array\",\"items\":\"null\"}");
    // one block announcing 2^62 items of null (zig-zag varint), nothing else
    byte[] payload = {
      (byte) 0x80,
      (byte) 0x80,
      (byte) 0x80,
      (byte) 0x80,
      (byte) 0x80,
      (byte) 0x80,
      (byte) 0x80,
      (byte) 0x80,
      0x40,
      0
    };
    assertThat(decodeReason(nulls, payload))
        .isIn(DecodeReason.TOO_LARGE, DecodeReason.PAYLOAD_MISMATCH);
    // 600 real nulls: above max-json-bytes / 2 items
    byte[] many = {(byte) 0xb0, 0x09, 0};
    assertThat(decodeReason(nulls, many)).isEqualTo(DecodeReason.TOO_LARGE);
  }

  @Test
  void anAnnouncedLengthBeyondThePayloadIsAMismatchNotAnAllocation() {
    SchemaDecoder string = compile("\"string\"");
    // a string of 2^29 bytes announced in a 6-byte payload
    byte[] payload = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x04, 'a'};
    assertThat(decodeReason(string, payload)).isEqualTo(DecodeReason.PAYLOAD_MISMATCH);
  }

  @Test
  void jsonAboveTheBoundIsTooLarge() {
    SchemaDecoder string = compile("\"string\"");
    Schema schema = new Schema.Parser().parse("\"string\"");
    assertThat(decodeReason(string, ConfluentFrames.avro(schema, "x".repeat(2000))))
        .isEqualTo(DecodeReason.TOO_LARGE);
    assertThat(decodeReason(string, ConfluentFrames.avro(schema, "x".repeat(100)))).isNull();
  }

  @Test
  void payloadsThatDoNotMatchAreMismatches() {
    SchemaDecoder union = compile("[\"null\",\"int\"]");
    assertThat(decodeReason(union, new byte[] {8})).isEqualTo(DecodeReason.PAYLOAD_MISMATCH);
    assertThat(decodeReason(union, new byte[] {2})).isEqualTo(DecodeReason.PAYLOAD_MISMATCH);
    assertThat(decodeReason(union, new byte[] {2, 4, 4})).isEqualTo(DecodeReason.PAYLOAD_MISMATCH);
    SchemaDecoder enumType = compile("{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"A\"]}");
    assertThat(decodeReason(enumType, new byte[] {2})).isEqualTo(DecodeReason.PAYLOAD_MISMATCH);
    SchemaDecoder decimal =
        compile("{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":2,\"scale\":0}");
    assertThat(decodeReason(decimal, new byte[] {10, 1, 2, 3, 4, 5}))
        .isEqualTo(DecodeReason.PAYLOAD_MISMATCH);
  }

  @Test
  void referencesAreBoundedAndMustResolve() {
    String root =
        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"A0\"}]}";
    List<SchemaReference> refs =
        IntStream.range(0, 5).mapToObj(i -> new SchemaReference("A" + i, "s" + i, 1)).toList();
    DecodeException tooMany =
        compileFailure(
            new SchemaText(3, SchemaType.AVRO, root, refs),
            r ->
                new SchemaText(
                    4,
                    SchemaType.AVRO,
                    "{\"type\":\"fixed\",\"name\":\"" + r.name() + "\",\"size\":1}",
                    List.of()));
    assertThat(tooMany.reason()).isEqualTo(DecodeReason.SCHEMA_TOO_LARGE);
    DecodeException unresolved =
        compileFailure(
            new SchemaText(3, SchemaType.AVRO, root, refs.subList(0, 1)),
            r -> {
              throw new DecodeException(DecodeReason.UNKNOWN_SCHEMA, 77, "gone");
            });
    assertThat(unresolved.reason()).isEqualTo(DecodeReason.UNKNOWN_SCHEMA);
    assertThat(unresolved.schemaId()).isEqualTo(3);
  }

  private static String nestedRecords(int depth) {
    String type = "\"int\"";
    for (int i = 0; i < depth; i++) {
      type =
          "{\"type\":\"record\",\"name\":\"R"
              + i
              + "\",\"fields\":[{\"name\":\"f\",\"type\":"
              + type
              + "}]}";
    }
    return type;
  }

  /** A Node list of {@code n} records in Avro's binary encoding, written by hand. */
  private static byte[] linkedList(int n) {
    byte[] bytes = new byte[2 * n];
    for (int i = 0; i < n - 1; i++) {
      bytes[2 * i] = 0; // v = 0
      bytes[2 * i + 1] = 2; // union branch 1: Node
    }
    return bytes; // the last record: v = 0, branch 0: null
  }

  private static SchemaDecoder compile(String schema) {
    return COMPILER.compile(
        new SchemaText(1, SchemaType.AVRO, schema, List.of()), ReferenceResolver.NONE);
  }

  private static DecodeReason compileReason(String schema) {
    try {
      compile(schema);
      return null;
    } catch (DecodeException e) {
      return e.reason();
    }
  }

  private static DecodeException compileFailure(SchemaText text, ReferenceResolver resolver) {
    try {
      COMPILER.compile(text, resolver);
    } catch (DecodeException e) {
      return e;
    }
    throw new AssertionError("compiled");
  }

  static DecodeReason decodeReason(SchemaDecoder decoder, byte[] payload) {
    Decoding decoding =
        new FramedDecoder("t", id -> new RegisteredSchema(id, decoder, List.of()), SMALL)
            .value(ConfluentFrames.framed(1, payload));
    return decoding instanceof DecodeError error ? error.reason() : null;
  }
}
