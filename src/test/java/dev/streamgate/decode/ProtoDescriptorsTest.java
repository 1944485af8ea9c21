package dev.streamgate.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.AnyProto;
import com.google.protobuf.ApiProto;
import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DurationProto;
import com.google.protobuf.EmptyProto;
import com.google.protobuf.FieldMaskProto;
import com.google.protobuf.SourceContextProto;
import com.google.protobuf.StructProto;
import com.google.protobuf.TimestampProto;
import com.google.protobuf.TypeProto;
import com.google.protobuf.WrappersProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The .proto-to-descriptor converter against protoc itself: protobuf-java ships both the .proto
 * text of its well-known types and descriptor.proto and the descriptors protoc compiled from them.
 * Each text, converted here, must give the same messages, fields (number, type, label, packing,
 * defaults, oneof, map), nested types and enums.
 */
class ProtoDescriptorsTest {

  static List<FileDescriptor> compiled() {
    return List.of(
        AnyProto.getDescriptor(),
        ApiProto.getDescriptor(),
        DescriptorProtos.getDescriptor(),
        DurationProto.getDescriptor(),
        EmptyProto.getDescriptor(),
        FieldMaskProto.getDescriptor(),
        SourceContextProto.getDescriptor(),
        StructProto.getDescriptor(),
        TimestampProto.getDescriptor(),
        TypeProto.getDescriptor(),
        WrappersProto.getDescriptor());
  }

  @ParameterizedTest
  @MethodSource("compiled")
  void theConverterBuildsWhatProtocBuilt(FileDescriptor protoc) throws IOException {
    String text;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(protoc.getName())) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    DecodeLimits roomy = new DecodeLimits(64, 1 << 20, 1 << 20, 1 << 20, 100_000, 64);
    ProtobufDecoder decoder =
        (ProtobufDecoder)
            new SchemaCompiler(roomy)
                .compile(
                    new SchemaText(1, SchemaType.PROTOBUF, text, List.of()),
                    ReferenceResolver.NONE);
    assertThat(decoder.file()).isNotSameAs(protoc);
    assertThat(shape(protoc)).hasSizeGreaterThanOrEqualTo(2);
    assertThat(shape(decoder.file())).isEqualTo(shape(protoc));
  }

  static List<String> shape(FileDescriptor file) {
    List<String> lines = new ArrayList<>();
    lines.add("package " + file.getPackage());
    file.getEnumTypes().forEach(e -> enumShape(e, lines));
    file.getMessageTypes().forEach(m -> messageShape(m, lines));
    return lines;
  }

  private static void messageShape(Descriptor message, List<String> lines) {
    lines.add(
        "message " + message.getFullName() + " map_entry=" + message.getOptions().getMapEntry());
    for (FieldDescriptor field : message.getFields()) {
      lines.add(
          "  "
              + field.getName()
              + " = "
              + field.getNumber()
              + " "
              + field.getType()
              + (field.isRepeated() ? " repeated" : "")
              + (field.isRequired() ? " required" : "")
              + (field.isPacked() ? " packed" : "")
              + (field.hasPresence() ? " presence" : "")
              + (field.isMapField() ? " map" : "")
              + (field.getRealContainingOneof() != null
                  ? " oneof " + field.getRealContainingOneof().getName()
                  : "")
              + (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                  ? " " + field.getMessageType().getFullName()
                  : "")
              + (field.getJavaType() == FieldDescriptor.JavaType.ENUM
                  ? " " + field.getEnumType().getFullName()
                  : "")
              + (field.hasDefaultValue() ? " default " + field.getDefaultValue() : ""));
    }
    message.getEnumTypes().forEach(e -> enumShape(e, lines));
    message.getNestedTypes().forEach(m -> messageShape(m, lines));
  }

  private static void enumShape(EnumDescriptor enumType, List<String> lines) {
    lines.add("enum " + enumType.getFullName());
    enumType.getValues().forEach(v -> lines.add("  " + v.getName() + " = " + v.getNumber()));
  }
}
