package dev.streamgate.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** A tombstone is a {@code delete} event in every format, told apart from an empty value. */
class TombstoneFramingTest {

  private static ConsumerRecord<byte[], byte[]> record(byte[] key, String value) {
    return new ConsumerRecord<>(
        "t", 0, 7, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static final byte[] KEY = "ACME".getBytes(StandardCharsets.UTF_8);

  @Test
  void rawTombstoneIsADeleteWhoseDataIsTheKey() {
    EventEncoder raw = Format.RAW.encoder();
    assertThat(text(raw.body("price", record(KEY, null))))
        .isEqualTo("event: delete\ndata: ACME\n\n");
    assertThat(text(raw.body("price", record(KEY, "")))).isEqualTo("event: price\ndata: \n\n");
    assertThat(text(raw.body(null, record(null, null)))).isEqualTo("event: delete\ndata: \n\n");
  }

  @Test
  void aKeyThatIsNotTextGoesInTheEnvelope() {
    EventEncoder raw = Format.RAW.encoder();
    String frame = text(raw.body(null, record(new byte[] {(byte) 0xFF}, null)));
    assertThat(frame).startsWith("event: delete\ndata: {").contains("\"keyEncoding\":\"base64\"");
  }

  @Test
  void envelopeAndNdjsonTombstonesAreDeletesWithANullValue() {
    String envelope = text(Format.ENVELOPE.encoder().body("price", record(KEY, null)));
    assertThat(envelope)
        .startsWith("event: delete\n")
        .contains("\"value\":null")
        .contains("\"key\":\"ACME\"");
    String line = text(Format.NDJSON.encoder().body("price", record(KEY, null)));
    assertThat(line).startsWith("{\"event\":\"delete\",").contains("\"value\":null");
  }
}
