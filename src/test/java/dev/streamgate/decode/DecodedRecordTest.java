package dev.streamgate.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A record as streams serve it: decoded once, the raw record itself when nothing carried a schema,
 * and an undecodable one with its failure and raw bytes (its key decoded when only the value
 * failed, so a key table still replaces the key).
 */
class DecodedRecordTest {

  private static final SchemaRef VALUE = new SchemaRef(3, SchemaType.AVRO, "t-value", 1);
  private static final SchemaRef KEY = new SchemaRef(4, SchemaType.AVRO, "t-key", 2);
  private static final byte[] RAW_KEY = {0, 0, 0, 0, 4, 8, 'A', 'C', 'M', 'E'};
  private static final byte[] RAW_VALUE = {0, 0, 0, 0, 3, 2};
  private static final ConsumerRecord<byte[], byte[]> RAW =
      new ConsumerRecord<>("t", 1, 9, RAW_KEY, RAW_VALUE);

  private static Decoded json(String text, SchemaRef schema) {
    return new Decoded(text.getBytes(StandardCharsets.UTF_8), schema);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  @Test
  void aRecordWithoutSchemasIsServedAsTheVeryRecordThatWasRead() {
    assertThat(DecodedRecord.of(RAW, Decoding.AS_IS, Decoding.AS_IS)).isSameAs(RAW);
  }

  @Test
  void decodedPartsReplaceTheBytesAndKeepTheirSchemasBesideThem() {
    DecodedRecord served =
        (DecodedRecord)
            DecodedRecord.of(RAW, json("\"ACME\"", KEY), json("{\"price\":1.5}", VALUE));
    assertThat(text(served.key())).isEqualTo("\"ACME\"");
    assertThat(text(served.value())).isEqualTo("{\"price\":1.5}");
    assertThat(served.keySchema()).isEqualTo(KEY);
    assertThat(served.valueSchema()).isEqualTo(VALUE);
    assertThat(served.failure()).isNull();
    assertThat(served.rawBytes()).as("a decoded record keeps no raw bytes").isZero();
    assertThat(served.topic()).isEqualTo("t");
    assertThat(served.partition()).isEqualTo(1);
    assertThat(served.offset()).isEqualTo(9);
    assertThat(served.headers()).isSameAs(RAW.headers());

    DecodedRecord valueOnly =
        (DecodedRecord) DecodedRecord.of(RAW, Decoding.AS_IS, json("1", VALUE));
    assertThat(valueOnly.key()).isSameAs(RAW_KEY);
    assertThat(valueOnly.keySchema()).isNull();

    DecodedRecord projected = served.withValue("{}".getBytes(StandardCharsets.UTF_8));
    assertThat(text(projected.value())).isEqualTo("{}");
    assertThat(projected.valueSchema()).isEqualTo(VALUE);
    assertThat(projected.offset()).isEqualTo(9);
  }

  @Test
  void anUndecodableValueKeepsTheRawBytesAndTheDecodedKey() {
    DecodeError error = new DecodeError(DecodeReason.UNKNOWN_SCHEMA, 3, "no id 3");
    DecodedRecord served = (DecodedRecord) DecodedRecord.of(RAW, json("\"ACME\"", KEY), error);
    assertThat(served.failure()).isEqualTo(new DecodedRecord.Failure(false, error));
    assertThat(served.failure().part()).isEqualTo("value");
    assertThat(text(served.key())).isEqualTo("\"ACME\"");
    assertThat(served.keySchema()).isEqualTo(KEY);
    assertThat(served.rawKey()).isEqualTo(RAW_KEY);
    assertThat(served.rawValue()).isEqualTo(RAW_VALUE);
    assertThat(served.rawBytes()).isEqualTo(RAW_KEY.length + RAW_VALUE.length);

    DecodedRecord withheld = served.withoutRawBytes();
    assertThat(withheld.rawWithheld()).isTrue();
    assertThat(withheld.rawKey()).isNull();
    assertThat(withheld.rawValue()).isNull();
    assertThat(withheld.failure()).isEqualTo(served.failure());
  }

  @Test
  void anUndecodableKeyIsTheFailureWhenTheValueDecoded() {
    DecodeError error = new DecodeError(DecodeReason.TRUNCATED_FRAMING, -1, "short");
    DecodedRecord served = (DecodedRecord) DecodedRecord.of(RAW, error, json("1", VALUE));
    assertThat(served.failure().part()).isEqualTo("key");
    assertThat(served.key()).isEqualTo(RAW_KEY);
    assertThat(served.keySchema()).isNull();
    assertThat(served.rawValue()).isEqualTo(RAW_VALUE);
  }

  @Test
  void aDecoderDecodesOnceAndTellsOfEachFailure() {
    List<DecodedRecord> failures = new ArrayList<>();
    int[] calls = {0};
    TopicDecoder topic =
        new TopicDecoder() {
          @Override
          public Decoding key(byte[] bytes) {
            return Decoding.AS_IS;
          }

          @Override
          public Decoding value(byte[] bytes) {
            calls[0]++;
            return bytes.length > 1
                ? json("1", VALUE)
                : new DecodeError(DecodeReason.PAYLOAD_MISMATCH, 3, "x");
          }
        };
    RecordDecoder decoder = new RecordDecoder(topic, failures::add);
    assertThat(decoder.decodes()).isTrue();
    assertThat(decoder.serve(RAW)).isInstanceOf(DecodedRecord.class);
    ConsumerRecord<byte[], byte[]> bad = new ConsumerRecord<>("t", 0, 1, null, new byte[] {0});
    assertThat(((DecodedRecord) decoder.serve(bad)).failure()).isNotNull();
    assertThat(failures).hasSize(1);
    assertThat(calls[0]).isEqualTo(2);
    assertThat(RecordDecoder.OFF.decodes()).isFalse();
    assertThat(RecordDecoder.OFF.serve(RAW)).isSameAs(RAW);
  }
}
