package dev.streamgate.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.avro.Schema;

class AvroMappingPropertiesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Any schema of records, arrays, maps, unions, enums, fixed, primitives and logical types, any
   * datum of it written by Avro and framed as Confluent frames it: decoded to the mapping's JSON,
   * on one line.
   */
  @Property(tries = 400)
  void randomSchemasAndValuesDecodeToTheMapping(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 4) int depth) throws Exception {
    RandomAvro random = new RandomAvro(seed);
    String text = random.schema(depth);
    Schema schema = new Schema.Parser().parse(text);
    SchemaDecoder decoder = AvroCases.compile(text);
    for (int i = 0; i < 5; i++) {
      RandomAvro.Value value = random.value(schema);
      byte[] framed = ConfluentFrames.framed(9, ConfluentFrames.avro(schema, value.datum()));
      Decoding decoding =
          new FramedDecoder(
                  "t", id -> new RegisteredSchema(id, decoder, List.of()), DecodeLimits.DEFAULTS)
              .value(framed);
      assertThat(decoding).isInstanceOf(Decoded.class);
      String json = new String(((Decoded) decoding).json(), StandardCharsets.UTF_8);
      assertThat(json).doesNotContain("\n").doesNotContain("\r");
      assertThat(JSON.readTree(json))
          .as("%s of %s", json, text)
          .isEqualTo(JSON.readTree(JSON.writeValueAsString(value.expected())));
      assertThat(((Decoded) decoding).schema())
          .isEqualTo(new SchemaRef(9, SchemaType.AVRO, null, null));
    }
  }

  /** Any bytes after the framing: JSON or a typed decode error, never an exception. */
  @Property(tries = 400)
  void anyPayloadDecodesOrIsADecodeError(@ForAll long seed, @ForAll byte[] payload) {
    RandomAvro random = new RandomAvro(seed);
    String text = random.schema(3);
    SchemaDecoder decoder = AvroCases.compile(text);
    Decoding decoding =
        new FramedDecoder(
                "t", id -> new RegisteredSchema(id, decoder, List.of()), DecodeLimits.DEFAULTS)
            .value(ConfluentFrames.framed(1, payload));
    assertThat(decoding).isInstanceOfAny(Decoded.class, DecodeError.class);
    if (decoding instanceof DecodeError error) {
      assertThat(error.reason())
          .isIn(DecodeReason.PAYLOAD_MISMATCH, DecodeReason.TOO_LARGE, DecodeReason.TOO_DEEP);
      assertThat(error.schemaId()).isEqualTo(1);
    }
  }
}
