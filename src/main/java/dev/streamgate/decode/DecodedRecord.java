package dev.streamgate.decode;

import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record as every stream serves it once the topic's reader decoded it: the same topic, partition,
 * offset, timestamp and headers, with the decoded JSON in place of each key or value that carried a
 * schema, and the schemas beside them for the envelope. It is a {@link ConsumerRecord}, so the
 * window, the key tables, the selections and the encoders, which all read records, see decoded
 * values without a second path; {@link #keySchema()} and {@link #valueSchema()} say which parts are
 * JSON made by decoding.
 *
 * <p>A record that could not be decoded is {@link #undecodable}: it carries the {@link Failure}
 * (which part, the reason, the schema id) and the raw bytes of its key and value, for the {@code
 * decode-error} event that takes its place in every stream. Its key is the decoded key when only
 * the value failed, so a key table still replaces that key's entry.
 *
 * <p>The raw bytes of a record that decoded are not kept: nothing serves them, and the window is
 * bounded by bytes. Immutable; made once per record by the topic's reader (or a catch-up reader or
 * a snapshot build, for the records they read), then read by any thread.
 */
public final class DecodedRecord extends ConsumerRecord<byte[], byte[]> {

  /** Why a record is a {@code decode-error}: which part failed, and how. */
  public record Failure(boolean key, DecodeError error) {

    /** {@code "key"} or {@code "value"}, as the event's {@code part}. */
    public String part() {
      return key ? "key" : "value";
    }
  }

  private final SchemaRef keySchema;
  private final SchemaRef valueSchema;
  private final Failure failure;
  private final byte[] rawKey;
  private final byte[] rawValue;
  private final boolean rawWithheld;

  /** Every field: {@code meta} gives the topic, partition, offset, timestamp and headers. */
  private DecodedRecord(
      ConsumerRecord<byte[], byte[]> meta,
      byte[] key,
      byte[] value,
      SchemaRef keySchema,
      SchemaRef valueSchema,
      Failure failure,
      byte[] rawKey,
      byte[] rawValue,
      boolean rawWithheld) {
    super(
        meta.topic(),
        meta.partition(),
        meta.offset(),
        meta.timestamp(),
        meta.timestampType(),
        meta.serializedKeySize(),
        meta.serializedValueSize(),
        key,
        value,
        meta.headers(),
        meta.leaderEpoch(),
        Optional.empty());
    this.keySchema = keySchema;
    this.valueSchema = valueSchema;
    this.failure = failure;
    this.rawKey = rawKey;
    this.rawValue = rawValue;
    this.rawWithheld = rawWithheld;
  }

  /**
   * What a record is served as, given what decoding made of its key and value: the raw record
   * itself when neither was decoded, else a decoded record, or an undecodable one when either part
   * failed (the value's failure first).
   */
  public static ConsumerRecord<byte[], byte[]> of(
      ConsumerRecord<byte[], byte[]> raw, Decoding key, Decoding value) {
    if (value instanceof DecodeError error) {
      return undecodable(raw, key, new Failure(false, error));
    }
    if (key instanceof DecodeError error) {
      return undecodable(raw, Decoding.AS_IS, new Failure(true, error));
    }
    if (key == Decoding.AS_IS && value == Decoding.AS_IS) {
      return raw;
    }
    return new DecodedRecord(
        raw,
        key instanceof Decoded k ? k.json() : raw.key(),
        value instanceof Decoded v ? v.json() : raw.value(),
        key instanceof Decoded k ? k.schema() : null,
        value instanceof Decoded v ? v.schema() : null,
        null,
        null,
        null,
        false);
  }

  /**
   * An undecodable record: its key is the decoded key when only the value failed (so a key table
   * still replaces that key), else the raw key; its value is the raw value.
   */
  private static DecodedRecord undecodable(
      ConsumerRecord<byte[], byte[]> raw, Decoding key, Failure failure) {
    Decoded decodedKey = key instanceof Decoded d ? d : null;
    return new DecodedRecord(
        raw,
        decodedKey != null ? decodedKey.json() : raw.key(),
        raw.value(),
        decodedKey != null ? decodedKey.schema() : null,
        null,
        failure,
        raw.key(),
        raw.value(),
        false);
  }

  /** The key's schema when the key is decoded JSON, else null (the key is its bytes). */
  public SchemaRef keySchema() {
    return keySchema;
  }

  /** The value's schema when the value is decoded JSON, else null (the value is its bytes). */
  public SchemaRef valueSchema() {
    return valueSchema;
  }

  /** Why the record could not be decoded, or null when it was. */
  public Failure failure() {
    return failure;
  }

  /** The key as read from Kafka, kept for an undecodable record only (else null). */
  public byte[] rawKey() {
    return rawKey;
  }

  /** The value as read from Kafka, kept for an undecodable record only (else null). */
  public byte[] rawValue() {
    return rawValue;
  }

  /** Bytes held besides the served key and value: the raw bytes of an undecodable record. */
  public int rawBytes() {
    return (rawKey == null ? 0 : rawKey.length) + (rawValue == null ? 0 : rawValue.length);
  }

  /**
   * The same record with another value, decoded from the same schema: a projection ({@code fields})
   * of the decoded value.
   */
  public DecodedRecord withValue(byte[] projected) {
    return new DecodedRecord(
        this, key(), projected, keySchema, valueSchema, failure, rawKey, rawValue, rawWithheld);
  }

  /**
   * The same undecodable record without its raw bytes: what a caller whose token limits the rows it
   * may read is told (the bytes could belong to a row it may not see).
   */
  public DecodedRecord withoutRawBytes() {
    return new DecodedRecord(
        this, key(), value(), keySchema, valueSchema, failure, null, null, true);
  }

  /** Whether the raw bytes were left out ({@link #withoutRawBytes}). */
  public boolean rawWithheld() {
    return rawWithheld;
  }
}
