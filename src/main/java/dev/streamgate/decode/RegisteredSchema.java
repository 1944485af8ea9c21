package dev.streamgate.decode;

import java.util.List;

/**
 * A schema id's compiled decoder with the subjects and versions the registry lists for it (empty
 * when it lists none or could not say). Immutable; cached once per id per pod and shared.
 */
public record RegisteredSchema(int id, SchemaDecoder decoder, List<SubjectVersion> registrations) {

  public RegisteredSchema {
    registrations = List.copyOf(registrations);
  }

  /**
   * The envelope's {@code schema} for a key or value of {@code topic}. The subject is the topic's
   * own ({@code <topic>-key} or {@code <topic>-value}, Confluent's default naming) when the
   * registry lists it, else the only subject it lists; with several and none the topic's, which one
   * the producer used is unknown, so subject and version are left out.
   */
  public SchemaRef refFor(String topic, boolean key) {
    String own = topic + (key ? "-key" : "-value");
    SubjectVersion chosen = null;
    for (SubjectVersion registration : registrations) {
      if (registration.subject().equals(own)
          && (chosen == null || registration.version() > chosen.version())) {
        chosen = registration;
      }
    }
    if (chosen == null && registrations.size() == 1) {
      chosen = registrations.get(0);
    }
    return chosen == null
        ? new SchemaRef(id, decoder.type(), null, null)
        : new SchemaRef(id, decoder.type(), chosen.subject(), chosen.version());
  }
}
