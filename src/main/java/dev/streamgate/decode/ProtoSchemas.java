package dev.streamgate.decode;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.internal.parser.ProtoFileElement;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a registry's Protobuf schema (.proto text) into a protobuf-java {@code FileDescriptor}:
 * Wire parses each file, {@link ProtoFileConverter} makes its descriptor proto, and its imports are
 * resolved first: Google's well-known types from protobuf-java, Confluent's bundled files, and
 * every other import through the schema's registry references (fetched by {@link
 * ReferenceResolver}, compiled once per compilation however often they are imported). Bounded: each
 * text by {@link SchemaTextBounds}, the references by {@code max-references}, the nodes of all
 * files together by {@code max-schema-nodes}, the nesting of message declarations by {@code
 * max-depth}; an import cycle is refused.
 *
 * <p>One compilation per schema id, on the thread that looked the id up; not shared.
 */
final class ProtoSchemas {

  private final ReferenceResolver resolver;
  private final DecodeLimits limits;
  private final int rootId;
  private final Map<String, FileDescriptor> built = new LinkedHashMap<>();
  private int fetched;
  private int nodes;

  private ProtoSchemas(ReferenceResolver resolver, DecodeLimits limits, int rootId) {
    this.resolver = resolver;
    this.limits = limits;
    this.rootId = rootId;
  }

  static ProtobufDecoder compile(SchemaText root, ReferenceResolver resolver, DecodeLimits limits) {
    ProtoSchemas compilation = new ProtoSchemas(resolver, limits, root.id());
    String name = "streamgate/schema-" + (root.id() < 0 ? "file" : root.id()) + ".proto";
    FileDescriptor file = compilation.build(name, root, new HashSet<>());
    return new ProtobufDecoder(file, limits);
  }

  private FileDescriptor build(String name, SchemaText text, Set<String> inProgress) {
    SchemaTextBounds.check(text.text(), rootId, limits);
    ProtoFileElement element;
    try {
      element = ProtoParser.Companion.parse(Location.get(name), text.text());
    } catch (RuntimeException e) {
      throw invalid("The .proto schema does not parse: " + Printable.of(e.getMessage(), 200));
    }
    FileDescriptorProto proto = ProtoFileConverter.convert(name, element, rootId);
    for (DescriptorProto message : proto.getMessageTypeList()) {
      count(message, 1);
    }
    proto.getEnumTypeList().forEach(this::count);
    inProgress.add(name);
    FileDescriptor[] dependencies = new FileDescriptor[proto.getDependencyCount()];
    for (int i = 0; i < dependencies.length; i++) {
      dependencies[i] = dependency(proto.getDependency(i), text.references(), inProgress);
    }
    inProgress.remove(name);
    try {
      FileDescriptor file = FileDescriptor.buildFrom(proto, dependencies);
      built.put(name, file);
      return file;
    } catch (DescriptorValidationException | RuntimeException e) {
      throw invalid("The .proto schema is not valid: " + Printable.of(e.getMessage(), 200));
    }
  }

  private FileDescriptor dependency(
      String path, List<SchemaReference> references, Set<String> inProgress) {
    FileDescriptor known = WellKnownProtos.google(path);
    if (known == null) {
      known = built.get(path);
    }
    if (known != null) {
      return known;
    }
    if (inProgress.contains(path)) {
      throw invalid("Import cycle through " + Printable.of(path, 120));
    }
    SchemaReference reference =
        references.stream().filter(r -> r.name().equals(path)).findFirst().orElse(null);
    if (reference == null) {
      String bundled = WellKnownProtos.CONFLUENT.get(path);
      if (bundled == null) {
        throw invalid(
            "Import "
                + Printable.of(path, 120)
                + " is neither among the schema's references nor a well-known type");
      }
      return build(
          path, new SchemaText(rootId, SchemaType.PROTOBUF, bundled, List.of()), inProgress);
    }
    if (++fetched > limits.maxReferences()) {
      throw new DecodeException(
          DecodeReason.SCHEMA_TOO_LARGE,
          rootId,
          "The schema references more than " + limits.maxReferences() + " schemas");
    }
    SchemaText referenced;
    try {
      referenced = resolver.resolve(reference);
    } catch (DecodeException e) {
      throw e.forSchema(rootId);
    }
    if (referenced.type() != SchemaType.PROTOBUF) {
      throw invalid("Reference " + Printable.of(path, 120) + " is not a Protobuf schema");
    }
    return build(path, referenced, inProgress);
  }

  private void count(DescriptorProto message, int depth) {
    if (depth > limits.maxDepth()) {
      throw tooLarge("Messages nest more than " + limits.maxDepth() + " levels deep");
    }
    add(1 + message.getFieldCount());
    message.getEnumTypeList().forEach(this::count);
    for (DescriptorProto nested : message.getNestedTypeList()) {
      count(nested, depth + 1);
    }
  }

  private void count(EnumDescriptorProto enumType) {
    add(1 + enumType.getValueCount());
  }

  private void add(int more) {
    nodes += more;
    if (nodes > limits.maxSchemaNodes()) {
      throw tooLarge("The schema has more than " + limits.maxSchemaNodes() + " nodes");
    }
  }

  private DecodeException invalid(String message) {
    return new DecodeException(DecodeReason.INVALID_SCHEMA, rootId, message);
  }

  private DecodeException tooLarge(String message) {
    return new DecodeException(DecodeReason.SCHEMA_TOO_LARGE, rootId, message);
  }
}
