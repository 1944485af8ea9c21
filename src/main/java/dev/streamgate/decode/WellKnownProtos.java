package dev.streamgate.decode;

import com.google.protobuf.AnyProto;
import com.google.protobuf.ApiProto;
import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.SourceContextProto;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.TypeProto;
import com.google.protobuf.WrappersProto;
import java.util.Map;

/**
 * The .proto files a registry schema may import without registering them as references: Google's
 * well-known types (protobuf-java's own compiled descriptors) and Confluent's two bundled files,
 * {@code confluent/meta.proto} and {@code confluent/type/decimal.proto} (their published
 * definitions; Confluent's registry supplies them to every schema the same way).
 */
final class WellKnownProtos {

  private static final Map<String, FileDescriptor> GOOGLE =
      Map.ofEntries(
          Map.entry("google/protobuf/any.proto", AnyProto.getDescriptor()),
          Map.entry("google/protobuf/api.proto", ApiProto.getDescriptor()),
          Map.entry("google/protobuf/descriptor.proto", DescriptorProtos.getDescriptor()),
          Map.entry("google/protobuf/duration.proto", DurationProto.getDescriptor()),
          Map.entry("google/protobuf/empty.proto", EmptyProto.getDescriptor()),
          Map.entry("google/protobuf/field_mask.proto", FieldMaskProto.getDescriptor()),
          Map.entry("google/protobuf/source_context.proto", SourceContextProto.getDescriptor()),
          Map.entry("google/protobuf/struct.proto", StructProto.getDescriptor()),
          Map.entry("google/protobuf/timestamp.proto", TimestampProto.getDescriptor()),
          Map.entry("google/protobuf/type.proto", TypeProto.getDescriptor()),
          Map.entry("google/protobuf/wrappers.proto", WrappersProto.getDescriptor()));

  /** Confluent's bundled files, as .proto text (compiled like any registry schema). */
  static final Map<String, String> CONFLUENT =
      Map.of(
          "confluent/meta.proto",
          """
          syntax = "proto3";
          package confluent;
          import "google/protobuf/descriptor.proto";
          message Meta {
            string doc = 1;
            map<string, string> params = 2;
            repeated string tags = 3;
          }
          extend google.protobuf.FileOptions { Meta file_meta = 1088; }
          extend google.protobuf.MessageOptions { Meta message_meta = 1088; }
          extend google.protobuf.FieldOptions { Meta field_meta = 1088; }
          extend google.protobuf.EnumOptions { Meta enum_meta = 1088; }
          extend google.protobuf.EnumValueOptions { Meta enum_value_meta = 1088; }
          """,
          "confluent/type/decimal.proto",
          """
          syntax = "proto3";
          package confluent.type;
          message Decimal {
            bytes value = 1;
            uint32 precision = 2;
            int32 scale = 3;
          }
          """);

  private WellKnownProtos() {}

  /** Google's compiled file of that import path, or null. */
  static FileDescriptor google(String importPath) {
    return GOOGLE.get(importPath);
  }
}
