package dev.streamgate.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.decode.DecodeError;
import dev.streamgate.decode.DecodeReason;
import dev.streamgate.decode.Decoded;
import dev.streamgate.decode.DecodedRecord;
import dev.streamgate.decode.SchemaRef;
import dev.streamgate.decode.SchemaType;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Filters and projections see decoded records: {@code key} and {@code value} are the decoded JSON,
 * a projection keeps the value's schema, and a record that could not be decoded passes every
 * selection as its decode-error (without its bytes for a caller held to a filter claim).
 */
class DecodedSelectionTest {

  private static final SchemaRef VALUE = new SchemaRef(3, SchemaType.AVRO, "t-value", 1);
  private static final SchemaRef KEY = new SchemaRef(4, SchemaType.AVRO, "t-key", 1);

  private final SelectionCache cache =
      new SelectionCache(new FilterCompiler(SelectionLimits.DEFAULTS), 8, new Evaluations());

  private Selection of(String claim, String filter, String fields) {
    return cache
        .of(Optional.ofNullable(claim), Optional.ofNullable(filter), Optional.ofNullable(fields))
        .orElseThrow();
  }

  private static Decoded json(String text, SchemaRef schema) {
    return new Decoded(text.getBytes(StandardCharsets.UTF_8), schema);
  }

  private static ConsumerRecord<byte[], byte[]> quote(String key, double bid) {
    ConsumerRecord<byte[], byte[]> raw =
        Records.record("framed", new byte[] {0, 0, 0, 0, 3, 1}, null);
    return DecodedRecord.of(
        raw,
        json("\"" + key + "\"", KEY),
        json("{\"symbol\":\"" + key + "\",\"book\":{\"bid\":" + bid + ",\"ask\":1.0}}", VALUE));
  }

  private static Optional<ConsumerRecord<byte[], byte[]>> select(
      Selection selection, ConsumerRecord<byte[], byte[]> record) {
    return selection.select(new RecordVariables(record, null), true);
  }

  @Test
  void aFilterSeesTheDecodedKeyAndNestedValue() {
    Selection selection = of(null, "key == \"ACME\" && value.book.bid > 100.0", null);
    assertThat(select(selection, quote("ACME", 101))).isPresent();
    assertThat(select(selection, quote("ACME", 99))).isEmpty();
    assertThat(select(selection, quote("INIT", 101))).isEmpty();
  }

  @Test
  void aProjectionOfADecodedValueKeepsItsSchema() {
    ConsumerRecord<byte[], byte[]> projected =
        select(of(null, null, "symbol,book.bid"), quote("ACME", 101)).orElseThrow();
    assertThat(new String(projected.value(), StandardCharsets.UTF_8))
        .isEqualTo("{\"symbol\":\"ACME\",\"book\":{\"bid\":101.0}}");
    assertThat(((DecodedRecord) projected).valueSchema()).isEqualTo(VALUE);
    assertThat(((DecodedRecord) projected).keySchema()).isEqualTo(KEY);
  }

  @Test
  void anUndecodableRecordPassesEverySelectionAndAClaimHidesItsBytes() {
    DecodedRecord bad =
        (DecodedRecord)
            DecodedRecord.of(
                Records.record("k", new byte[] {0, 0, 0, 0, 9}, null),
                json("\"k\"", KEY),
                new DecodeError(DecodeReason.UNKNOWN_SCHEMA, 9, "no 9"));
    Selection filtered = of(null, "value.book.bid > 100.0", "symbol");
    assertThat(select(filtered, bad)).containsSame(bad);
    DecodedRecord told =
        (DecodedRecord) select(of("value.tenant == \"a\"", null, null), bad).orElseThrow();
    assertThat(told.rawWithheld()).isTrue();
    assertThat(told.failure()).isEqualTo(bad.failure());
    assertThat(of("value.n == 1", null, null).key())
        .as("a claim and the same request filter are different groups")
        .isNotEqualTo(of(null, "value.n == 1", null).key());
  }
}
