package dev.streamgate.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * Coverage-guided fuzzing of the Avro-to-JSON mapping: a schema (one of a fixed set covering every
 * type and logical type, or a random one from a seed) and any payload bytes behind the framing give
 * one line of valid JSON or a decode error of a payload reason; nothing is ever thrown, and the
 * bounds hold. Regression mode replays {@code AvroJsonFuzzTestInputs}; see docs/security.md.
 */
class AvroJsonFuzzTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DecodeLimits LIMITS =
      new DecodeLimits(16, 1 << 16, 1 << 14, 1 << 16, 500, 4);
  private static final List<String> SCHEMAS =
      List.of(
          "{\"type\":\"record\",\"name\":\"T\",\"fields\":["
              + "{\"name\":\"a\",\"type\":[\"null\",\"string\",\"long\"]},"
              + "{\"name\":\"b\",\"type\":{\"type\":\"array\",\"items\":\"double\"}},"
              + "{\"name\":\"c\",\"type\":{\"type\":\"map\",\"values\":\"bytes\"}},"
              + "{\"name\":\"d\",\"type\":{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[\"X\",\"Y\"]}},"
              + "{\"name\":\"e\",\"type\":{\"type\":\"fixed\",\"name\":\"F\",\"size\":4}},"
              + "{\"name\":\"f\",\"type\":\"float\"},{\"name\":\"g\",\"type\":\"boolean\"}]}",
          "{\"type\":\"record\",\"name\":\"L\",\"fields\":["
              + "{\"name\":\"date\",\"type\":{\"type\":\"int\",\"logicalType\":\"date\"}},"
              + "{\"name\":\"ts\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}},"
              + "{\"name\":\"lts\",\"type\":{\"type\":\"long\",\"logicalType\":\"local-timestamp-nanos\"}},"
              + "{\"name\":\"tm\",\"type\":{\"type\":\"int\",\"logicalType\":\"time-millis\"}},"
              + "{\"name\":\"tu\",\"type\":{\"type\":\"long\",\"logicalType\":\"time-micros\"}},"
              + "{\"name\":\"dec\",\"type\":{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":20,\"scale\":5}},"
              + "{\"name\":\"fdec\",\"type\":{\"type\":\"fixed\",\"name\":\"FD\",\"size\":8,\"logicalType\":\"decimal\",\"precision\":18,\"scale\":2}},"
              + "{\"name\":\"uuid\",\"type\":{\"type\":\"fixed\",\"name\":\"U\",\"size\":16,\"logicalType\":\"uuid\"}},"
              + "{\"name\":\"dur\",\"type\":{\"type\":\"fixed\",\"name\":\"D\",\"size\":12,\"logicalType\":\"duration\"}}]}",
          "{\"type\":\"record\",\"name\":\"Node\",\"fields\":[{\"name\":\"v\",\"type\":\"int\"},"
              + "{\"name\":\"kids\",\"type\":{\"type\":\"array\",\"items\":\"Node\"}},"
              + "{\"name\":\"next\",\"type\":[\"null\",\"Node\"]}]}",
          "{\"type\":\"array\",\"items\":[\"null\",{\"type\":\"map\",\"values\":\"null\"}]}");
  private static final List<SchemaDecoder> DECODERS =
      SCHEMAS.stream()
          .map(
              s ->
                  new SchemaCompiler(LIMITS)
                      .compile(
                          new SchemaText(1, SchemaType.AVRO, s, List.of()), ReferenceResolver.NONE))
          .toList();

  @FuzzTest(maxDuration = "4m")
  void anyPayloadIsOneLineOfJsonOrADecodeError(FuzzedDataProvider data) throws Exception {
    int pick = data.consumeInt(0, DECODERS.size());
    SchemaDecoder decoder =
        pick < DECODERS.size()
            ? DECODERS.get(pick)
            : new SchemaCompiler(LIMITS)
                .compile(
                    new SchemaText(
                        1,
                        SchemaType.AVRO,
                        new RandomAvro(data.consumeLong()).schema(3),
                        List.of()),
                    ReferenceResolver.NONE);
    byte[] payload = data.consumeRemainingAsBytes();
    Decoding decoding =
        new FramedDecoder("fuzz", id -> new RegisteredSchema(id, decoder, List.of()), LIMITS)
            .value(ConfluentFrames.framed(1, payload));
    if (decoding instanceof Decoded decoded) {
      assertThat(decoded.json().length).isLessThanOrEqualTo(LIMITS.maxJsonBytes());
      String text = decoded.jsonText();
      assertThat(text).doesNotContain("\n").doesNotContain("\r");
      JSON.readTree(text);
    } else {
      assertThat(((DecodeError) decoding).reason())
          .isIn(DecodeReason.PAYLOAD_MISMATCH, DecodeReason.TOO_LARGE, DecodeReason.TOO_DEEP);
    }
  }
}
