package dev.streamgate.decode;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Writes an Avro datum as JSON, streaming, in the mapping of docs/api.md: records are objects in
 * field order; unions are unwrapped to their branch's value; enums are their symbol; bytes and
 * fixed are base64; maps are objects; logical types are written by {@link AvroLogicalJson}. The
 * datum was read by {@link BoundedDatumReader}, so its nesting is already bounded.
 */
final class AvroJsonWriter {

  private AvroJsonWriter() {}

  static void write(JsonGenerator json, Object datum, Schema schema) throws IOException {
    LogicalType logical = schema.getLogicalType();
    if (logical != null && AvroLogicalJson.write(json, datum, schema, logical)) {
      return;
    }
    switch (schema.getType()) {
      case RECORD -> {
        IndexedRecord record = (IndexedRecord) datum;
        json.writeStartObject();
        for (Schema.Field field : schema.getFields()) {
          json.writeFieldName(field.name());
          write(json, record.get(field.pos()), field.schema());
        }
        json.writeEndObject();
      }
      case UNION -> {
        int branch = GenericData.get().resolveUnion(schema, datum);
        write(json, datum, schema.getTypes().get(branch));
      }
      case ARRAY -> {
        json.writeStartArray();
        for (Object item : (Collection<?>) datum) {
          write(json, item, schema.getElementType());
        }
        json.writeEndArray();
      }
      case MAP -> {
        json.writeStartObject();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) datum).entrySet()) {
          json.writeFieldName(entry.getKey().toString());
          write(json, entry.getValue(), schema.getValueType());
        }
        json.writeEndObject();
      }
      case ENUM, STRING -> json.writeString(datum.toString());
      case BYTES -> json.writeBinary(bytes((ByteBuffer) datum));
      case FIXED -> json.writeBinary(((GenericFixed) datum).bytes());
      case INT -> json.writeNumber((Integer) datum);
      case LONG -> json.writeNumber((Long) datum);
      case FLOAT -> number(json, (Float) datum);
      case DOUBLE -> number(json, (Double) datum);
      case BOOLEAN -> json.writeBoolean((Boolean) datum);
      case NULL -> json.writeNull();
    }
  }

  /** JSON has no NaN or infinities: they are written as the strings Protobuf's mapping uses. */
  private static void number(JsonGenerator json, float value) throws IOException {
    if (Float.isFinite(value)) {
      json.writeNumber(value);
    } else {
      json.writeString(nonFinite(value));
    }
  }

  private static void number(JsonGenerator json, double value) throws IOException {
    if (Double.isFinite(value)) {
      json.writeNumber(value);
    } else {
      json.writeString(nonFinite(value));
    }
  }

  private static String nonFinite(double value) {
    return Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  }

  static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
