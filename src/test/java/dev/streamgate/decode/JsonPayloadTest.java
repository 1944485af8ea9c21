package dev.streamgate.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A JSON Schema value is its payload: one JSON value, checked, written back on one line. */
class JsonPayloadTest {

  private static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"px\":{\"type\":\"number\"}}}";

  @Test
  void thePayloadItselfCompactWithExactNumbers() {
    String payload =
        "{\n  \"px\" : 1.000000000000000000001,\n  \"big\": 123456789012345678901234567890,\n  \"s\": \"a\\nb\", \"l\": [true, null, -0.0e5]\n}\n";
    assertThat(decode(payload))
        .isEqualTo(
            "{\"px\":1.000000000000000000001,\"big\":123456789012345678901234567890,\"s\":\"a\\nb\",\"l\":[true,null,-0.0e5]}");
    assertThat(decode("42")).isEqualTo("42");
    assertThat(decode(" \"text\" ")).isEqualTo("\"text\"");
  }

  @Test
  void theValueIsNotValidatedAgainstTheSchema() {
    assertThat(decode("{\"px\":\"not a number\"}")).isEqualTo("{\"px\":\"not a number\"}");
  }

  @Test
  void anythingButOneJsonValueIsAMismatch() {
    assertThat(error("")).isEqualTo(DecodeReason.PAYLOAD_MISMATCH);
    assertThat(error("{\"a\":1} {\"b\":2}")).isEqualTo(DecodeReason.PAYLOAD_MISMATCH);
    assertThat(error("{\"a\":")).isEqualTo(DecodeReason.PAYLOAD_MISMATCH);
    assertThat(error("{'a':1}")).isEqualTo(DecodeReason.PAYLOAD_MISMATCH);
    assertThat(error("\u0000\u0001")).isEqualTo(DecodeReason.PAYLOAD_MISMATCH);
    assertThat(error("NaN")).isEqualTo(DecodeReason.PAYLOAD_MISMATCH);
  }

  @Test
  void nestingAndSizeAreBounded() {
    assertThat(error("[".repeat(65) + "]".repeat(65))).isEqualTo(DecodeReason.TOO_DEEP);
    assertThat(error("[".repeat(64) + "]".repeat(64))).isNull();
    DecodeLimits small = new DecodeLimits(64, 1 << 16, 64, 1 << 16, 100, 4);
    assertThat(error(small, "\"" + "x".repeat(100) + "\"")).isEqualTo(DecodeReason.TOO_LARGE);
  }

  private static String decode(String payload) {
    Decoding decoding = run(DecodeLimits.DEFAULTS, payload);
    assertThat(decoding).isInstanceOf(Decoded.class);
    assertThat(((Decoded) decoding).schema())
        .isEqualTo(new SchemaRef(2, SchemaType.JSON, null, null));
    return ((Decoded) decoding).jsonText();
  }

  private static DecodeReason error(String payload) {
    return error(DecodeLimits.DEFAULTS, payload);
  }

  private static DecodeReason error(DecodeLimits limits, String payload) {
    return run(limits, payload) instanceof DecodeError error ? error.reason() : null;
  }

  private static Decoding run(DecodeLimits limits, String payload) {
    SchemaDecoder decoder =
        new SchemaCompiler(limits)
            .compile(new SchemaText(2, SchemaType.JSON, SCHEMA, List.of()), ReferenceResolver.NONE);
    return new FramedDecoder("t", id -> new RegisteredSchema(id, decoder, List.of()), limits)
        .value(ConfluentFrames.framed(2, payload.getBytes(StandardCharsets.UTF_8)));
  }
}
