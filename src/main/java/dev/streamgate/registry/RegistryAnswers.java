package dev.streamgate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamgate.decode.SchemaReference;
import dev.streamgate.decode.SchemaText;
import dev.streamgate.decode.SchemaType;
import dev.streamgate.decode.SubjectVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Confluent REST API's documented answers: {@code {"schema": "...", "schemaType":
 * "PROTOBUF", "references": [{"name", "subject", "version"}]}} ({@code schemaType} absent means
 * Avro), the same with {@code subject}, {@code version} and {@code id} for a subject's version, and
 * {@code [{"subject", "version"}]} for an id's registrations.
 */
final class RegistryAnswers {

  private RegistryAnswers() {}

  /** A schema answer; {@code id} from the request, or -1 to read it from the answer. */
  static SchemaText schema(int id, JsonNode answer) throws RegistryException {
    JsonNode text = answer.get("schema");
    if (text == null || !text.isTextual()) {
      throw bad("no \"schema\" text");
    }
    int schemaId = id >= 0 ? id : integer(answer, "id");
    JsonNode type = answer.get("schemaType");
    if (type != null && !type.isNull() && !type.isTextual()) {
      throw bad("\"schemaType\" is not text");
    }
    SchemaType schemaType =
        SchemaType.ofRegistry(type == null || type.isNull() ? null : type.asText(), schemaId);
    return new SchemaText(schemaId, schemaType, text.asText(), references(answer));
  }

  private static List<SchemaReference> references(JsonNode answer) throws RegistryException {
    JsonNode references = answer.get("references");
    List<SchemaReference> out = new ArrayList<>();
    if (references == null || references.isNull()) {
      return out;
    }
    if (!references.isArray()) {
      throw bad("\"references\" is not an array");
    }
    for (JsonNode reference : references) {
      out.add(
          new SchemaReference(
              text(reference, "name"), text(reference, "subject"), integer(reference, "version")));
    }
    return out;
  }

  /** The subject and version of a subject-version answer. */
  static SubjectVersion subjectVersion(JsonNode answer) throws RegistryException {
    return new SubjectVersion(text(answer, "subject"), integer(answer, "version"));
  }

  /** {@code GET /schemas/ids/{id}/versions}: where the registry holds the id. */
  static List<SubjectVersion> registrations(JsonNode answer) throws RegistryException {
    if (!answer.isArray()) {
      throw bad("the id's versions are not an array");
    }
    List<SubjectVersion> out = new ArrayList<>();
    for (JsonNode registration : answer) {
      out.add(subjectVersion(registration));
    }
    return out;
  }

  private static String text(JsonNode node, String field) throws RegistryException {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw bad("no \"" + field + "\" text");
    }
    return value.asText();
  }

  private static int integer(JsonNode node, String field) throws RegistryException {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
      throw bad("no \"" + field + "\" number");
    }
    return value.asInt();
  }

  private static RegistryException bad(String what) {
    return new RegistryException(
        RegistryException.Kind.BAD_ANSWER, "The registry's answer has " + what);
  }
}
