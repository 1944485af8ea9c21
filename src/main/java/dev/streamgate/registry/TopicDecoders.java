package dev.streamgate.registry;

import dev.streamgate.decode.BareDecoder;
import dev.streamgate.decode.DecodeException;
import dev.streamgate.decode.DecodeLimits;
import dev.streamgate.decode.DecodeReason;
import dev.streamgate.decode.FramedDecoder;
import dev.streamgate.decode.ReferenceResolver;
import dev.streamgate.decode.RegisteredSchema;
import dev.streamgate.decode.SchemaCompiler;
import dev.streamgate.decode.SchemaDecoder;
import dev.streamgate.decode.SchemaRef;
import dev.streamgate.decode.SchemaText;
import dev.streamgate.decode.SchemaType;
import dev.streamgate.decode.TopicDecoder;
import dev.streamgate.registry.SchemaRegistryConfig.DecodeMode;
import dev.streamgate.registry.SchemaRegistryConfig.TopicSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Each topic's {@link TopicDecoder} by the settings: framed (every topic by default), off, or bare
 * Avro or Protobuf with the schema of a file (compiled here) or of a subject's latest version
 * (fetched when the topic's reader first needs it, and again after a failure while the registry was
 * unavailable: {@link SubjectDecoder}). Without a registry URL every topic is {@link
 * TopicDecoder#OFF}. The settings are checked when this is built, so a wrong one stops the start.
 *
 * <p>Threads: any; {@link #forTopic} is called when a topic's reader starts.
 */
public final class TopicDecoders {

  private final Map<String, TopicSettings> topics;
  private final RegistrySchemas schemas;
  private final SchemaCompiler compiler;

  public TopicDecoders(
      Map<String, TopicSettings> topics, RegistrySchemas schemas, SchemaCompiler compiler) {
    this.topics = Map.copyOf(topics);
    this.schemas = schemas;
    this.compiler = compiler;
    check(this.topics, schemas != null);
  }

  /** Whether the topic has settings of its own (its decoder may hold state: build it once). */
  public boolean overridden(String topic) {
    return topics.containsKey(topic);
  }

  /** The decoder of a topic's keys and values. */
  public TopicDecoder forTopic(String topic) {
    if (schemas == null) {
      return TopicDecoder.OFF;
    }
    DecodeLimits limits = compiler.limits();
    TopicDecoder framed = new FramedDecoder(topic, schemas, limits);
    TopicSettings settings = topics.get(topic);
    if (settings == null || settings.decode() == DecodeMode.FRAMED) {
      return framed;
    }
    if (settings.decode() == DecodeMode.OFF) {
      return TopicDecoder.OFF;
    }
    String message = settings.message().orElse(null);
    if (settings.schemaSubject().isPresent()) {
      String subject = settings.schemaSubject().get();
      return new SubjectDecoder(framed, () -> bare(framed, schemas.latest(subject), message));
    }
    SchemaType type = settings.decode() == DecodeMode.AVRO ? SchemaType.AVRO : SchemaType.PROTOBUF;
    Path file = Path.of(settings.schemaFile().orElseThrow());
    return new SubjectDecoder(framed, () -> fromFile(framed, file, type, message));
  }

  private TopicDecoder fromFile(TopicDecoder framed, Path file, SchemaType type, String message) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new DecodeException(
          DecodeReason.INVALID_SCHEMA,
          DecodeException.NO_SCHEMA_ID,
          "The schema file " + file + " cannot be read: " + e.getClass().getSimpleName());
    }
    SchemaText schema = new SchemaText(DecodeException.NO_SCHEMA_ID, type, text, List.of());
    SchemaDecoder decoder = compiler.compile(schema, ReferenceResolver.NONE);
    SchemaRef ref = new SchemaRef(DecodeException.NO_SCHEMA_ID, type, null, null);
    return new BareDecoder(
        framed, decoder, ref, SchemaCompiler.messagePath(decoder, message), compiler.limits());
  }

  private TopicDecoder bare(TopicDecoder framed, RegisteredSchema schema, String message) {
    SchemaRef ref = schema.refFor("", false);
    return new BareDecoder(
        framed,
        schema.decoder(),
        ref,
        SchemaCompiler.messagePath(schema.decoder(), message),
        compiler.limits());
  }

  /** Refuses settings that cannot work, naming every one. */
  static void check(Map<String, TopicSettings> topics, boolean registry) {
    StringBuilder problems = new StringBuilder();
    topics.forEach(
        (topic, settings) -> {
          String key = "streamgate.schema-registry.topics.\"" + topic + "\"";
          boolean bare =
              settings.decode() == DecodeMode.AVRO || settings.decode() == DecodeMode.PROTOBUF;
          int sources =
              (settings.schemaFile().isPresent() ? 1 : 0)
                  + (settings.schemaSubject().isPresent() ? 1 : 0);
          if (bare && sources != 1) {
            problems
                .append(key)
                .append(": decode=")
                .append(settings.decode())
                .append(" needs exactly one of schema-file and schema-subject; ");
          }
          if (!bare && sources > 0) {
            problems
                .append(key)
                .append(": schema-file and schema-subject need decode=avro")
                .append(" or protobuf; ");
          }
          if (settings.message().isPresent() && settings.decode() != DecodeMode.PROTOBUF) {
            problems.append(key).append(": message needs decode=protobuf; ");
          }
          if (settings.schemaSubject().isPresent() && !registry) {
            problems.append(key).append(": schema-subject needs streamgate.schema-registry.url; ");
          }
        });
    if (problems.length() > 0) {
      throw new IllegalArgumentException(problems.toString().trim());
    }
  }
}
