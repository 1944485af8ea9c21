package dev.streamgate.decode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * Compiles an Avro schema from the registry: its references first (named types defined under other
 * subjects, parsed into the same parser, as Confluent's serializers do), then the schema; each text
 * checked by {@link SchemaTextBounds} before parsing and the parsed schema by {@link
 * AvroSchemaBounds}. Defaults are not validated: a datum is read with its writer's schema, where
 * defaults play no part.
 */
final class AvroSchemas {

  private AvroSchemas() {}

  static AvroDecoder compile(SchemaText root, ReferenceResolver resolver, DecodeLimits limits) {
    List<SchemaText> texts = new ArrayList<>();
    collect(root, resolver, limits, new LinkedHashSet<>(), texts, root.id());
    Schema.Parser parser = new Schema.Parser().setValidateDefaults(false);
    Schema schema = null;
    for (SchemaText text : texts) {
      SchemaTextBounds.check(text.text(), root.id(), limits);
      try {
        schema = parser.parse(text.text());
      } catch (RuntimeException e) {
        throw new DecodeException(
            DecodeReason.INVALID_SCHEMA,
            root.id(),
            "The Avro schema does not parse: " + Printable.of(e.getMessage(), 200));
      }
    }
    AvroSchemaBounds.check(schema, limits, root.id());
    return new AvroDecoder(schema, limits);
  }

  /** The references depth first (each before what refers to it), then the schema itself. */
  private static void collect(
      SchemaText text,
      ReferenceResolver resolver,
      DecodeLimits limits,
      Set<SchemaReference> seen,
      List<SchemaText> out,
      int rootId) {
    for (SchemaReference reference : text.references()) {
      if (!seen.add(reference)) {
        continue;
      }
      if (seen.size() > limits.maxReferences()) {
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
      if (referenced.type() != SchemaType.AVRO) {
        throw new DecodeException(
            DecodeReason.INVALID_SCHEMA,
            rootId,
            "Reference " + Printable.of(reference.name(), 120) + " is not an Avro schema");
      }
      collect(referenced, resolver, limits, seen, out, rootId);
    }
    out.add(text);
  }
}
