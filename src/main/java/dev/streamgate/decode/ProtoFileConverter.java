package dev.streamgate.decode;

import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumOptions;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.squareup.wire.Syntax;
import com.squareup.wire.schema.internal.parser.EnumConstantElement;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OptionElement;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.TypeElement;
import java.util.List;

/**
 * Turns a .proto file parsed by Wire into the {@code FileDescriptorProto} protoc would make of it,
 * as far as decoding needs: package, syntax, imports, messages with nested types, enums, fields
 * ({@link ProtoMessageConverter}), oneofs, maps, proto3 {@code optional}. Options are dropped but
 * for the few that change decoding ({@code packed}, {@code allow_alias}); services and extensions
 * are dropped (an extension's field reads as an unknown field, which the JSON mapping leaves out).
 * Type names are kept as written: protobuf-java resolves them by the .proto scoping rules when it
 * builds the descriptor.
 */
final class ProtoFileConverter {

  private ProtoFileConverter() {}

  static FileDescriptorProto convert(String name, ProtoFileElement file, int schemaId) {
    boolean proto3 = file.getSyntax() == Syntax.PROTO_3;
    FileDescriptorProto.Builder proto = FileDescriptorProto.newBuilder().setName(name);
    if (file.getPackageName() != null) {
      proto.setPackage(file.getPackageName());
    }
    proto.setSyntax(proto3 ? "proto3" : "proto2");
    proto.addAllDependency(file.getImports());
    for (String imported : file.getPublicImports()) {
      proto.addPublicDependency(proto.getDependencyCount());
      proto.addDependency(imported);
    }
    for (String imported : file.getWeakImports()) {
      proto.addWeakDependency(proto.getDependencyCount());
      proto.addDependency(imported);
    }
    ProtoMessageConverter messages = new ProtoMessageConverter(proto3, schemaId);
    for (TypeElement type : file.getTypes()) {
      if (type instanceof MessageElement message) {
        proto.addMessageType(messages.convert(message));
      } else if (type instanceof EnumElement enumElement) {
        proto.addEnumType(enumType(enumElement));
      }
    }
    return proto.build();
  }

  static EnumDescriptorProto enumType(EnumElement element) {
    EnumDescriptorProto.Builder proto = EnumDescriptorProto.newBuilder().setName(element.getName());
    if (isTrue(element.getOptions(), "allow_alias")) {
      proto.setOptions(EnumOptions.newBuilder().setAllowAlias(true));
    }
    for (EnumConstantElement constant : element.getConstants()) {
      proto.addValue(
          EnumValueDescriptorProto.newBuilder()
              .setName(constant.getName())
              .setNumber(constant.getTag()));
    }
    return proto.build();
  }

  /** Whether an option of that name is set to {@code true}. */
  static boolean isTrue(List<OptionElement> options, String name) {
    for (OptionElement option : options) {
      if (option.getName().equals(name) && "true".equals(String.valueOf(option.getValue()))) {
        return true;
      }
    }
    return false;
  }

  /** Whether the option is set at all (to either value), and its value. */
  static Boolean flag(List<OptionElement> options, String name) {
    for (OptionElement option : options) {
      if (option.getName().equals(name)) {
        return "true".equals(String.valueOf(option.getValue()));
      }
    }
    return null;
  }
}
