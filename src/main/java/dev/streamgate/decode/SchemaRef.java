package dev.streamgate.decode;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * The schema a value was decoded with, as the envelope names it: {@code "schema": {"id": 1, "type":
 * "AVRO", "subject": "orders-value", "version": 3}}; subject and version only where the registry
 * says them (null otherwise). A bare (unframed) topic's schema from a file has id {@link
 * DecodeException#NO_SCHEMA_ID} and no id in the envelope.
 */
public record SchemaRef(int id, SchemaType type, String subject, Integer version) {

  /** Writes the envelope's {@code schema} object's fields (the caller opens and closes it). */
  public void writeFields(JsonGenerator json) throws IOException {
    if (id >= 0) {
      json.writeNumberField("id", id);
    }
    json.writeStringField("type", type.name());
    if (subject != null) {
      json.writeStringField("subject", subject);
    }
    if (version != null) {
      json.writeNumberField("version", version);
    }
  }
}
