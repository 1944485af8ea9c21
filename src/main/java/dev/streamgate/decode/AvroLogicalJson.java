package dev.streamgate.decode;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;

/**
 * Avro's logical types as JSON (docs/api.md): {@code decimal} an exact string; {@code date} an
 * ISO-8601 date; {@code timestamp-*} an ISO-8601 instant in UTC ({@code Z}); {@code
 * local-timestamp-*} an ISO-8601 date-time without offset (it names no zone, so none is invented);
 * {@code time-*} an ISO-8601 time of day; {@code duration} an object; {@code uuid} its text. Times
 * have whole seconds and a fraction in groups of three digits only when not zero, like {@code
 * Instant.toString()}. A value outside its type's range (a time of day past midnight) is written as
 * its plain number; other logical types as their underlying type.
 */
final class AvroLogicalJson {

  private AvroLogicalJson() {}

  /** Writes {@code datum} by its logical type; false when the underlying type should be used. */
  static boolean write(JsonGenerator json, Object datum, Schema schema, LogicalType logical)
      throws IOException {
    String text =
        switch (logical.getName()) {
          case "decimal" -> decimal(datum, (LogicalTypes.Decimal) logical);
          case "date" -> LocalDate.ofEpochDay((Integer) datum).toString();
          case "time-millis" -> time((Integer) datum * 1_000_000L);
          case "time-micros" -> time(multiply((Long) datum, 1_000L));
          case "timestamp-millis" -> Instant.ofEpochMilli((Long) datum).toString();
          case "timestamp-micros" -> instant((Long) datum, 1_000_000L).toString();
          case "timestamp-nanos" -> instant((Long) datum, 1_000_000_000L).toString();
          case "local-timestamp-millis" -> local(Instant.ofEpochMilli((Long) datum));
          case "local-timestamp-micros" -> local(instant((Long) datum, 1_000_000L));
          case "local-timestamp-nanos" -> local(instant((Long) datum, 1_000_000_000L));
          case "uuid" -> uuid(datum, schema);
          case "duration" -> {
            duration(json, ((GenericFixed) datum).bytes());
            yield "";
          }
          default -> null;
        };
    if (text == null) {
      return false;
    }
    if (!text.isEmpty()) {
      json.writeString(text);
    }
    return true;
  }

  private static String decimal(Object datum, LogicalTypes.Decimal logical) {
    byte[] unscaled =
        datum instanceof GenericFixed fixed
            ? fixed.bytes()
            : AvroJsonWriter.bytes((ByteBuffer) datum);
    // two's complement big-endian: precision p needs at most p * log2(10) / 8 + 1 bytes
    int maxBytes = (int) Math.ceil(logical.getPrecision() * 3.3219280948873626 / 8) + 1;
    if (unscaled.length == 0 || unscaled.length > maxBytes) {
      throw new DecodeException(
          DecodeReason.PAYLOAD_MISMATCH,
          DecodeException.NO_SCHEMA_ID,
          "A decimal of " + unscaled.length + " bytes for precision " + logical.getPrecision());
    }
    return new BigDecimal(new BigInteger(unscaled), logical.getScale()).toPlainString();
  }

  /** A time of day from nanoseconds since midnight; null (the plain number) outside a day. */
  private static String time(long nanos) {
    if (nanos < 0 || nanos >= 86_400_000_000_000L) {
      return null;
    }
    String text = LocalTime.ofNanoOfDay(nanos).toString();
    return text.length() == 5 ? text + ":00" : text;
  }

  private static long multiply(long value, long factor) {
    return Math.abs(value) > Long.MAX_VALUE / factor ? -1 : value * factor;
  }

  private static Instant instant(long value, long perSecond) {
    long nanosPerUnit = 1_000_000_000L / perSecond;
    return Instant.ofEpochSecond(
        Math.floorDiv(value, perSecond), Math.floorMod(value, perSecond) * nanosPerUnit);
  }

  /** The instant's wall-clock reading in UTC, without an offset. */
  private static String local(Instant instant) {
    String text = instant.toString();
    return text.substring(0, text.length() - 1);
  }

  private static String uuid(Object datum, Schema schema) {
    if (schema.getType() != Schema.Type.FIXED) {
      return datum.toString();
    }
    ByteBuffer bytes = ByteBuffer.wrap(((GenericFixed) datum).bytes());
    return new UUID(bytes.getLong(), bytes.getLong()).toString();
  }

  /** Avro's duration: months, days and milliseconds, each an unsigned 32-bit little-endian int. */
  private static void duration(JsonGenerator json, byte[] twelve) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(twelve).order(ByteOrder.LITTLE_ENDIAN);
    json.writeStartObject();
    json.writeNumberField("months", Integer.toUnsignedLong(bytes.getInt()));
    json.writeNumberField("days", Integer.toUnsignedLong(bytes.getInt()));
    json.writeNumberField("milliseconds", Integer.toUnsignedLong(bytes.getInt()));
    json.writeEndObject();
  }
}
