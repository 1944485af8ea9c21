package dev.streamgate.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgate.decode.DecodeError;
import dev.streamgate.decode.DecodeReason;
import dev.streamgate.decode.Decoded;
import dev.streamgate.decode.DecodedRecord;
import dev.streamgate.decode.Decoding;
import dev.streamgate.decode.SchemaRef;
import dev.streamgate.decode.SchemaType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * How decoded records and decode errors are framed: raw data is the decoded JSON, the envelope
 * holds the JSON itself with {@code schema} / {@code keySchema}, and an undecodable record is a
 * {@code decode-error} event with its raw bytes, in every format.
 */
class DecodedFramingTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SchemaRef VALUE = new SchemaRef(3, SchemaType.AVRO, "t-value", 1);
  private static final SchemaRef KEY = new SchemaRef(4, SchemaType.AVRO, null, null);
  private static final byte[] RAW_KEY = {0, 0, 0, 0, 4, 8, 'A', 'C', 'M', 'E'};
  private static final byte[] RAW_VALUE = {0, 0, 0, 0, 3, (byte) 0xff};

  private static Decoded json(String text, SchemaRef schema) {
    return new Decoded(text.getBytes(StandardCharsets.UTF_8), schema);
  }

  private static ConsumerRecord<byte[], byte[]> raw(byte[] value) {
    return new ConsumerRecord<>("t", 1, 9, RAW_KEY, value);
  }

  private static ConsumerRecord<byte[], byte[]> decoded() {
    return DecodedRecord.of(
        raw(RAW_VALUE), json("\"ACME\"", KEY), json("{\"book\":{\"bid\":99.5},\"n\":1}", VALUE));
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static JsonNode data(byte[] sseFrame) throws Exception {
    String frame = text(sseFrame);
    String data = frame.substring(frame.indexOf("data: ") + 6, frame.lastIndexOf("\n\n"));
    return JSON.readTree(data);
  }

  @Test
  void rawDataIsTheDecodedJson() {
    assertThat(text(Format.RAW.encoder().body("quote", decoded())))
        .isEqualTo("event: quote\ndata: {\"book\":{\"bid\":99.5},\"n\":1}\n\n");
  }

  @Test
  void theEnvelopeHoldsTheJsonItselfAndItsSchemas() throws Exception {
    JsonNode envelope = data(Format.ENVELOPE.encoder().body(null, decoded()));
    assertThat(envelope.get("value").get("book").get("bid").asDouble()).isEqualTo(99.5);
    assertThat(envelope.get("schema"))
        .isEqualTo(
            JSON.readTree("{\"id\":3,\"type\":\"AVRO\",\"subject\":\"t-value\",\"version\":1}"));
    assertThat(envelope.get("key").asText()).isEqualTo("ACME");
    assertThat(envelope.get("keySchema")).isEqualTo(JSON.readTree("{\"id\":4,\"type\":\"AVRO\"}"));
    assertThat(envelope.has("valueEncoding")).isFalse();

    JsonNode line = JSON.readTree(Format.NDJSON.encoder().record("i1", "quote", decoded()));
    assertThat(line.get("id").asText()).isEqualTo("i1");
    assertThat(line.get("event").asText()).isEqualTo("quote");
    assertThat(line.get("value")).isEqualTo(envelope.get("value"));
    assertThat(line.get("schema")).isEqualTo(envelope.get("schema"));
  }

  @Test
  void recordsWithoutSchemasAreFramedAsBefore() {
    ConsumerRecord<byte[], byte[]> plain = raw("{\"n\":1}".getBytes(StandardCharsets.UTF_8));
    assertThat(text(Format.ENVELOPE.encoder().body(null, plain)))
        .contains("\"value\":\"{\\\"n\\\":1}\"")
        .doesNotContain("schema");
  }

  @Test
  void aDecodedKeysTombstoneIsADeleteOfTheKeyAsText() {
    ConsumerRecord<byte[], byte[]> tombstone =
        DecodedRecord.of(raw(null), json("\"ACME\"", KEY), Decoding.AS_IS);
    assertThat(text(Format.RAW.encoder().body("quote", tombstone)))
        .isEqualTo("event: delete\ndata: ACME\n\n");
    assertThat(RecordKeys.text(tombstone)).isEqualTo("ACME");
    ConsumerRecord<byte[], byte[]> objectKey =
        DecodedRecord.of(raw(null), json("{\"id\":7}", KEY), Decoding.AS_IS);
    assertThat(RecordKeys.text(objectKey)).isEqualTo("{\"id\":7}");
  }

  @Test
  void anUndecodableRecordIsADecodeErrorWithItsRawBytesInEveryFormat() throws Exception {
    DecodedRecord bad =
        (DecodedRecord)
            DecodedRecord.of(
                raw(RAW_VALUE),
                json("\"ACME\"", KEY),
                new DecodeError(
                    DecodeReason.PAYLOAD_MISMATCH, 3, "Bytes left over after the datum"));
    for (Format format : Format.values()) {
      byte[] body = format.encoder().body("quote", bad);
      JsonNode event;
      if (format == Format.NDJSON) {
        JsonNode line = JSON.readTree(format.encoder().withId("i9", body));
        assertThat(line.get("id").asText()).isEqualTo("i9");
        assertThat(line.get("event").asText()).isEqualTo("decode-error");
        event = line.get("data");
      } else {
        assertThat(text(body)).startsWith("event: decode-error\ndata: {");
        event = data(body);
      }
      assertThat(event.get("topic").asText()).isEqualTo("t");
      assertThat(event.get("partition").asInt()).isEqualTo(1);
      assertThat(event.get("offset").asLong()).isEqualTo(9);
      assertThat(event.get("part").asText()).isEqualTo("value");
      assertThat(event.get("schemaId").asInt()).isEqualTo(3);
      assertThat(event.get("reason").asText()).isEqualTo("payload-mismatch");
      assertThat(event.get("message").asText()).isEqualTo("Bytes left over after the datum");
      assertThat(Base64.getDecoder().decode(event.get("key").asText())).isEqualTo(RAW_KEY);
      assertThat(Base64.getDecoder().decode(event.get("value").asText())).isEqualTo(RAW_VALUE);
    }
    JsonNode withheld = data(Format.RAW.encoder().body(null, bad.withoutRawBytes()));
    assertThat(withheld.get("withheld").asBoolean()).isTrue();
    assertThat(withheld.has("value")).isFalse();
  }

  @Test
  void theRegistrysAddressNeverReachesAClient() throws Exception {
    DecodedRecord unavailable =
        (DecodedRecord)
            DecodedRecord.of(
                raw(RAW_VALUE),
                Decoding.AS_IS,
                new DecodeError(
                    DecodeReason.REGISTRY_UNAVAILABLE,
                    3,
                    "The registry at registry.internal:8081 cannot be reached"));
    JsonNode event = data(Format.RAW.encoder().body(null, unavailable));
    assertThat(event.get("reason").asText()).isEqualTo("registry-unavailable");
    assertThat(event.get("message").asText()).doesNotContain("registry.internal");
    assertThat(EventTypes.CONTROL).contains("decode-error");
    assertThat(EventTypes.isSendable("decode-error")).isFalse();
  }
}
