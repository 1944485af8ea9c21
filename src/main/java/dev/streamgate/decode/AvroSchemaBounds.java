package dev.streamgate.decode;

import java.util.HashSet;
import java.util.Set;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * Refuses an Avro schema that breaks a bound, before any record is read with it: declared nesting
 * deeper than {@code max-depth}, more than {@code max-schema-nodes} nodes (a huge enum, thousands
 * of fields), a fixed type larger than a value may be (Avro allocates a fixed's bytes before
 * reading them), a decimal precision above {@value #MAX_DECIMAL_PRECISION}. A recursive type is
 * allowed (a linked list is a fair schema): its values are bounded by depth when they are read.
 */
final class AvroSchemaBounds {

  /** Digits of the largest decimal printed: its exact text is at most this long (plus sign). */
  static final int MAX_DECIMAL_PRECISION = 1000;

  private final DecodeLimits limits;
  private final int schemaId;
  private final Set<String> named = new HashSet<>();
  private int nodes;

  private AvroSchemaBounds(DecodeLimits limits, int schemaId) {
    this.limits = limits;
    this.schemaId = schemaId;
  }

  static void check(Schema schema, DecodeLimits limits, int schemaId) {
    new AvroSchemaBounds(limits, schemaId).walk(schema, 0);
  }

  private void walk(Schema schema, int depth) {
    switch (schema.getType()) {
      case RECORD -> {
        if (!named.add(schema.getFullName())) {
          return;
        }
        count(1);
        deeper(depth + 1);
        for (Schema.Field field : schema.getFields()) {
          count(1);
          walk(field.schema(), depth + 1);
        }
      }
      case ENUM -> {
        if (named.add(schema.getFullName())) {
          count(1 + schema.getEnumSymbols().size());
        }
      }
      case FIXED -> {
        if (named.add(schema.getFullName())) {
          count(1);
          if (schema.getFixedSize() > limits.maxValueBytes()) {
            refuse("Fixed type of " + schema.getFixedSize() + " bytes, above max-value-bytes");
          }
          decimal(schema);
        }
      }
      case ARRAY -> {
        deeper(depth + 1);
        walk(schema.getElementType(), depth + 1);
      }
      case MAP -> {
        deeper(depth + 1);
        walk(schema.getValueType(), depth + 1);
      }
      case UNION -> {
        count(schema.getTypes().size());
        for (Schema branch : schema.getTypes()) {
          walk(branch, depth);
        }
      }
      case BYTES -> decimal(schema);
      default -> {}
    }
  }

  private void decimal(Schema schema) {
    LogicalType logical = schema.getLogicalType();
    if (logical instanceof LogicalTypes.Decimal decimal
        && decimal.getPrecision() > MAX_DECIMAL_PRECISION) {
      refuse(
          "Decimal precision "
              + decimal.getPrecision()
              + " is above "
              + MAX_DECIMAL_PRECISION
              + " digits");
    }
  }

  private void count(int more) {
    nodes += more;
    if (nodes > limits.maxSchemaNodes()) {
      refuse("The schema has more than " + limits.maxSchemaNodes() + " nodes");
    }
  }

  private void deeper(int depth) {
    if (depth > limits.maxDepth()) {
      refuse("The schema nests more than " + limits.maxDepth() + " levels deep");
    }
  }

  private void refuse(String why) {
    throw new DecodeException(DecodeReason.SCHEMA_TOO_LARGE, schemaId, why);
  }
}
