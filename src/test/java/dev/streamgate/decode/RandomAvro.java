package dev.streamgate.decode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Random Avro schemas, and random datums of a schema with the JSON the mapping of docs/api.md says
 * they become, built from the Java values directly (not by walking the schema as the decoder does).
 */
final class RandomAvro {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[] PRIMITIVES = {
    "\"null\"",
    "\"boolean\"",
    "\"int\"",
    "\"long\"",
    "\"float\"",
    "\"double\"",
    "\"string\"",
    "\"bytes\"",
    "{\"type\":\"int\",\"logicalType\":\"date\"}",
    "{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}",
    "{\"type\":\"bytes\",\"logicalType\":\"decimal\",\"precision\":12,\"scale\":3}"
  };

  private final Random random;
  private int names;

  RandomAvro(long seed) {
    this.random = new Random(seed);
  }

  /** A datum and the JSON it must decode to. */
  record Value(Object datum, JsonNode expected) {}

  String schema(int depth) {
    int kind = depth <= 0 ? 0 : random.nextInt(7);
    return switch (kind) {
      case 1 -> {
        StringBuilder fields = new StringBuilder();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
          fields
              .append(i == 0 ? "" : ",")
              .append("{\"name\":\"f")
              .append(i)
              .append("\",\"type\":")
              .append(schema(depth - 1))
              .append('}');
        }
        yield "{\"type\":\"record\",\"name\":\"R" + names++ + "\",\"fields\":[" + fields + "]}";
      }
      case 2 -> "{\"type\":\"array\",\"items\":" + schema(depth - 1) + "}";
      case 3 -> "{\"type\":\"map\",\"values\":" + schema(depth - 1) + "}";
      case 4 -> {
        String inner = schema(depth - 1);
        yield inner.startsWith("[") || inner.equals("\"null\"")
            ? inner
            : "[\"null\"," + inner + "]";
      }
      case 5 -> "{\"type\":\"enum\",\"name\":\"E" + names++ + "\",\"symbols\":[\"A\",\"B\",\"C\"]}";
      case 6 ->
          "{\"type\":\"fixed\",\"name\":\"X"
              + names++
              + "\",\"size\":"
              + (1 + random.nextInt(5))
              + "}";
      default -> PRIMITIVES[random.nextInt(PRIMITIVES.length)];
    };
  }

  Value value(Schema schema) {
    String logical = schema.getLogicalType() == null ? "" : schema.getLogicalType().getName();
    switch (schema.getType()) {
      case RECORD -> {
        GenericRecord record = new GenericData.Record(schema);
        ObjectNode json = NODES.objectNode();
        for (Schema.Field field : schema.getFields()) {
          Value value = value(field.schema());
          record.put(field.pos(), value.datum());
          json.set(field.name(), value.expected());
        }
        return new Value(record, json);
      }
      case ARRAY -> {
        List<Object> items = new ArrayList<>();
        ArrayNode json = NODES.arrayNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          Value value = value(schema.getElementType());
          items.add(value.datum());
          json.add(value.expected());
        }
        return new Value(items, json);
      }
      case MAP -> {
        Map<String, Object> map = new LinkedHashMap<>();
        ObjectNode json = NODES.objectNode();
        for (int i = random.nextInt(4); i > 0; i--) {
          String key = text();
          if (!map.containsKey(key)) {
            Value value = value(schema.getValueType());
            map.put(key, value.datum());
            json.set(key, value.expected());
          }
        }
        return new Value(map, json);
      }
      case UNION -> {
        return value(schema.getTypes().get(random.nextInt(schema.getTypes().size())));
      }
      case ENUM -> {
        String symbol = schema.getEnumSymbols().get(random.nextInt(3));
        return new Value(new GenericData.EnumSymbol(schema, symbol), NODES.textNode(symbol));
      }
      case FIXED -> {
        byte[] bytes = new byte[schema.getFixedSize()];
        random.nextBytes(bytes);
        return new Value(new GenericData.Fixed(schema, bytes), base64(bytes));
      }
      case NULL -> {
        return new Value(null, NODES.nullNode());
      }
      case BOOLEAN -> {
        boolean b = random.nextBoolean();
        return new Value(b, NODES.booleanNode(b));
      }
      case INT -> {
        int i = logical.equals("date") ? random.nextInt(200_000) - 100_000 : random.nextInt();
        return new Value(
            i,
            logical.equals("date")
                ? NODES.textNode(LocalDate.ofEpochDay(i).toString())
                : NODES.numberNode(i));
      }
      case LONG -> {
        long l = random.nextLong() >> random.nextInt(40);
        return new Value(
            l,
            logical.equals("timestamp-millis")
                ? NODES.textNode(Instant.ofEpochMilli(l).toString())
                : NODES.numberNode(l));
      }
      case FLOAT -> {
        float f = random.nextInt(10) == 0 ? Float.NaN : (float) random.nextGaussian() * 1000;
        return new Value(f, Float.isNaN(f) ? NODES.textNode("NaN") : NODES.numberNode(f));
      }
      case DOUBLE -> {
        double d = random.nextInt(10) == 0 ? Double.NEGATIVE_INFINITY : random.nextGaussian() * 1e6;
        return new Value(
            d, Double.isInfinite(d) ? NODES.textNode("-Infinity") : NODES.numberNode(d));
      }
      case STRING -> {
        String s = text();
        return new Value(s, NODES.textNode(s));
      }
      case BYTES -> {
        if (logical.equals("decimal")) {
          long unscaled = random.nextLong() % 1_000_000_000_000L;
          byte[] bytes = BigDecimal.valueOf(unscaled, 3).unscaledValue().toByteArray();
          return new Value(
              ByteBuffer.wrap(bytes),
              NODES.textNode(BigDecimal.valueOf(unscaled, 3).toPlainString()));
        }
        byte[] bytes = new byte[random.nextInt(6)];
        random.nextBytes(bytes);
        return new Value(ByteBuffer.wrap(bytes), base64(bytes));
      }
      default -> throw new IllegalStateException(schema.getType().toString());
    }
  }

  private String text() {
    StringBuilder text = new StringBuilder();
    for (int i = random.nextInt(6); i > 0; i--) {
      int pick = random.nextInt(5);
      text.append(
          pick == 0
              ? '\n'
              : pick == 1
                  ? (char) random.nextInt(0x20)
                  : pick == 2 ? 'é' : (char) ('a' + random.nextInt(26)));
    }
    return text.toString();
  }

  private static JsonNode base64(byte[] bytes) {
    return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
  }
}
