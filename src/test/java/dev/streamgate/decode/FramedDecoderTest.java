package dev.streamgate.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the topic reader calls: framed or not, decoded or a typed error, never a throw. */
class FramedDecoderTest {

  private static final SchemaDecoder STRING = AvroCases.compile("\"string\"");

  @Test
  void bytesWithoutTheFramingAndTombstonesStayAsTheyAre() {
    FramedDecoder decoder = new FramedDecoder("t", id -> fail(), DecodeLimits.DEFAULTS);
    assertThat(decoder.value(null)).isSameAs(Decoding.AS_IS);
    assertThat(decoder.value(new byte[0])).isSameAs(Decoding.AS_IS);
    assertThat(decoder.value("{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
        .isSameAs(Decoding.AS_IS);
    assertThat(decoder.key(new byte[] {1, 0, 0, 0, 1})).isSameAs(Decoding.AS_IS);
  }

  @Test
  void theEnvelopeSchemaNamesTheTopicsSubjectWhenTheRegistryListsIt() {
    RegisteredSchema schema =
        new RegisteredSchema(
            7,
            STRING,
            List.of(
                new SubjectVersion("other-value", 1),
                new SubjectVersion("prices-value", 2),
                new SubjectVersion("prices-value", 3),
                new SubjectVersion("prices-key", 1)));
    FramedDecoder decoder = new FramedDecoder("prices", id -> schema, DecodeLimits.DEFAULTS);
    byte[] framed = ConfluentFrames.framed(7, new byte[] {4, 'h', 'i'});
    assertThat(((Decoded) decoder.value(framed)).schema())
        .isEqualTo(new SchemaRef(7, SchemaType.AVRO, "prices-value", 3));
    assertThat(((Decoded) decoder.key(framed)).schema())
        .isEqualTo(new SchemaRef(7, SchemaType.AVRO, "prices-key", 1));
    assertThat(((Decoded) decoder.value(framed)).jsonText()).isEqualTo("\"hi\"");
    // one other subject: it is named; several others: none
    RegisteredSchema single = new RegisteredSchema(7, STRING, List.of(new SubjectVersion("x", 4)));
    assertThat(single.refFor("prices", false)).isEqualTo(new SchemaRef(7, SchemaType.AVRO, "x", 4));
    RegisteredSchema many =
        new RegisteredSchema(
            7, STRING, List.of(new SubjectVersion("x", 4), new SubjectVersion("y", 1)));
    assertThat(many.refFor("prices", false))
        .isEqualTo(new SchemaRef(7, SchemaType.AVRO, null, null));
  }

  @Test
  void theSourcesFailuresCarryTheIdOfTheRecord() {
    FramedDecoder decoder =
        new FramedDecoder(
            "t",
            id -> {
              throw new DecodeException(DecodeReason.REGISTRY_UNAVAILABLE, id, "down");
            },
            DecodeLimits.DEFAULTS);
    assertThat(decoder.value(ConfluentFrames.framed(12, new byte[] {2})))
        .isEqualTo(new DecodeError(DecodeReason.REGISTRY_UNAVAILABLE, 12, "down"));
  }

  @Test
  void aValueAboveTheBoundIsNotDecoded() {
    DecodeLimits small = new DecodeLimits(8, 16, 1024, 1024, 100, 1);
    FramedDecoder decoder = new FramedDecoder("t", id -> fail(), small);
    DecodeError error = (DecodeError) decoder.value(ConfluentFrames.framed(5, new byte[20]));
    assertThat(error.reason()).isEqualTo(DecodeReason.TOO_LARGE);
    assertThat(error.schemaId()).isEqualTo(5);
  }

  @Test
  void anUnexpectedLibraryFailureIsStillTheRecordsDecodeError() {
    SchemaDecoder broken =
        new SchemaDecoder() {
          @Override
          public SchemaType type() {
            return SchemaType.AVRO;
          }

          @Override
          public byte[] toJson(byte[] bytes, int from, int[] messageIndexes) {
            throw new IllegalStateException("library bug");
          }
        };
    FramedDecoder decoder =
        new FramedDecoder(
            "t", id -> new RegisteredSchema(id, broken, List.of()), DecodeLimits.DEFAULTS);
    assertThat(((DecodeError) decoder.value(ConfluentFrames.framed(1, new byte[] {1}))).reason())
        .isEqualTo(DecodeReason.PAYLOAD_MISMATCH);
  }

  @Test
  void aBareTopicDecodesValuesWithItsSchemaAndKeysByTheirFraming() {
    SchemaRef ref = new SchemaRef(DecodeException.NO_SCHEMA_ID, SchemaType.AVRO, null, null);
    RegisteredSchema keySchema = new RegisteredSchema(8, STRING, List.of());
    BareDecoder decoder =
        new BareDecoder(
            new FramedDecoder("t", id -> keySchema, DecodeLimits.DEFAULTS),
            STRING,
            ref,
            new int[] {0},
            DecodeLimits.DEFAULTS);
    assertThat(((Decoded) decoder.value(new byte[] {4, 'o', 'k'})).jsonText()).isEqualTo("\"ok\"");
    assertThat(decoder.value(null)).isSameAs(Decoding.AS_IS);
    assertThat(((DecodeError) decoder.value(new byte[] {4})).reason())
        .isEqualTo(DecodeReason.PAYLOAD_MISMATCH);
    assertThat(decoder.key("plain".getBytes(StandardCharsets.UTF_8))).isSameAs(Decoding.AS_IS);
    assertThat(((Decoded) decoder.key(ConfluentFrames.framed(8, new byte[] {2, 'k'}))).jsonText())
        .isEqualTo("\"k\"");
  }

  @Test
  void offDecodesNothing() {
    assertThat(TopicDecoder.OFF.value(ConfluentFrames.framed(1, new byte[] {2})))
        .isSameAs(Decoding.AS_IS);
  }

  private static RegisteredSchema fail() {
    throw new AssertionError("the registry must not be asked");
  }
}
