package dev.streamgate.decode;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofDescriptorProto;
import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.EnumElement;
import com.squareup.wire.schema.internal.parser.FieldElement;
import com.squareup.wire.schema.internal.parser.MessageElement;
import com.squareup.wire.schema.internal.parser.OneOfElement;
import com.squareup.wire.schema.internal.parser.TypeElement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One message of a Wire-parsed .proto as a {@code DescriptorProto}: fields in the order they are
 * written (oneof members among them, as protoc orders them), oneofs, then proto3 {@code optional}
 * fields' synthetic oneofs ({@code _name}); nested messages and enums; a map field as a repeated
 * {@code <Name>Entry} message with {@code map_entry}, added after the written nested messages (so
 * the indexes of written messages, which Confluent's framing uses, stay as written). Groups
 * (proto2's deprecated form) are refused.
 */
final class ProtoMessageConverter {

  private static final Map<String, FieldDescriptorProto.Type> SCALARS =
      Map.ofEntries(
          Map.entry("double", FieldDescriptorProto.Type.TYPE_DOUBLE),
          Map.entry("float", FieldDescriptorProto.Type.TYPE_FLOAT),
          Map.entry("int64", FieldDescriptorProto.Type.TYPE_INT64),
          Map.entry("uint64", FieldDescriptorProto.Type.TYPE_UINT64),
          Map.entry("int32", FieldDescriptorProto.Type.TYPE_INT32),
          Map.entry("fixed64", FieldDescriptorProto.Type.TYPE_FIXED64),
          Map.entry("fixed32", FieldDescriptorProto.Type.TYPE_FIXED32),
          Map.entry("bool", FieldDescriptorProto.Type.TYPE_BOOL),
          Map.entry("string", FieldDescriptorProto.Type.TYPE_STRING),
          Map.entry("bytes", FieldDescriptorProto.Type.TYPE_BYTES),
          Map.entry("uint32", FieldDescriptorProto.Type.TYPE_UINT32),
          Map.entry("sfixed32", FieldDescriptorProto.Type.TYPE_SFIXED32),
          Map.entry("sfixed64", FieldDescriptorProto.Type.TYPE_SFIXED64),
          Map.entry("sint32", FieldDescriptorProto.Type.TYPE_SINT32),
          Map.entry("sint64", FieldDescriptorProto.Type.TYPE_SINT64));

  private final boolean proto3;
  private final int schemaId;

  ProtoMessageConverter(boolean proto3, int schemaId) {
    this.proto3 = proto3;
    this.schemaId = schemaId;
  }

  private record Written(FieldElement field, int oneof) {}

  DescriptorProto convert(MessageElement message) {
    if (!message.getGroups().isEmpty()
        || message.getOneOfs().stream().anyMatch(o -> !o.getGroups().isEmpty())) {
      throw new DecodeException(
          DecodeReason.INVALID_SCHEMA,
          schemaId,
          "Message " + Printable.of(message.getName(), 80) + " uses groups, which are not decoded");
    }
    DescriptorProto.Builder proto = DescriptorProto.newBuilder().setName(message.getName());
    for (TypeElement nested : message.getNestedTypes()) {
      if (nested instanceof MessageElement nestedMessage) {
        proto.addNestedType(convert(nestedMessage));
      } else if (nested instanceof EnumElement nestedEnum) {
        proto.addEnumType(ProtoFileConverter.enumType(nestedEnum));
      }
    }
    List<Written> fields = new ArrayList<>();
    message.getFields().forEach(f -> fields.add(new Written(f, -1)));
    for (int i = 0; i < message.getOneOfs().size(); i++) {
      OneOfElement oneof = message.getOneOfs().get(i);
      proto.addOneofDecl(OneofDescriptorProto.newBuilder().setName(oneof.getName()));
      int index = i;
      oneof.getFields().forEach(f -> fields.add(new Written(f, index)));
    }
    fields.sort(
        Comparator.comparingInt((Written w) -> line(w.field().getLocation()))
            .thenComparingInt(w -> w.field().getLocation().getColumn()));
    for (Written written : fields) {
      proto.addField(field(written, proto));
    }
    return proto.build();
  }

  private static int line(Location location) {
    return location.getLine();
  }

  private FieldDescriptorProto field(Written written, DescriptorProto.Builder message) {
    FieldElement element = written.field();
    FieldDescriptorProto.Builder field =
        FieldDescriptorProto.newBuilder().setName(element.getName()).setNumber(element.getTag());
    String type = element.getType();
    if (type.startsWith("map<") && type.endsWith(">")) {
      field.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED);
      field.setType(FieldDescriptorProto.Type.TYPE_MESSAGE);
      field.setTypeName(mapEntry(element, type, message));
      return field.build();
    }
    setType(field, type);
    Field.Label label = element.getLabel();
    if (label == Field.Label.REPEATED) {
      field.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED);
    } else if (label == Field.Label.REQUIRED) {
      field.setLabel(FieldDescriptorProto.Label.LABEL_REQUIRED);
    } else {
      field.setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
    }
    if (written.oneof() >= 0) {
      field.setOneofIndex(written.oneof());
    } else if (proto3 && label == Field.Label.OPTIONAL) {
      field.setProto3Optional(true);
      field.setOneofIndex(message.getOneofDeclCount());
      message.addOneofDecl(OneofDescriptorProto.newBuilder().setName("_" + element.getName()));
    }
    if (element.getDefaultValue() != null) {
      field.setDefaultValue(element.getDefaultValue());
    }
    if (element.getJsonName() != null) {
      field.setJsonName(element.getJsonName());
    }
    Boolean packed = ProtoFileConverter.flag(element.getOptions(), "packed");
    if (packed != null) {
      field.setOptions(FieldOptions.newBuilder().setPacked(packed));
    }
    return field.build();
  }

  private static void setType(FieldDescriptorProto.Builder field, String type) {
    FieldDescriptorProto.Type scalar = SCALARS.get(type);
    if (scalar != null) {
      field.setType(scalar);
    } else {
      field.setTypeName(type);
    }
  }

  /** Adds the map's entry message to {@code message}; its name, as protoc names it. */
  private String mapEntry(FieldElement element, String type, DescriptorProto.Builder message) {
    String inner = type.substring(4, type.length() - 1);
    int comma = inner.indexOf(',');
    if (comma < 0) {
      throw new DecodeException(
          DecodeReason.INVALID_SCHEMA, schemaId, "Malformed map type " + Printable.of(type, 80));
    }
    String name = entryName(element.getName());
    FieldDescriptorProto.Builder key =
        FieldDescriptorProto.newBuilder()
            .setName("key")
            .setNumber(1)
            .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
    setType(key, inner.substring(0, comma).trim());
    FieldDescriptorProto.Builder value =
        FieldDescriptorProto.newBuilder()
            .setName("value")
            .setNumber(2)
            .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
    setType(value, inner.substring(comma + 1).trim());
    message.addNestedType(
        DescriptorProto.newBuilder()
            .setName(name)
            .addField(key)
            .addField(value)
            .setOptions(MessageOptions.newBuilder().setMapEntry(true)));
    return name;
  }

  /** protoc's rule: {@code price_levels} gives {@code PriceLevelsEntry}. */
  static String entryName(String field) {
    StringBuilder name = new StringBuilder(field.length() + 5);
    boolean upper = true;
    for (char c : field.toCharArray()) {
      if (c == '_') {
        upper = true;
      } else {
        name.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return name.append("Entry").toString();
  }
}
