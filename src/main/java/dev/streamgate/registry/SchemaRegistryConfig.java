package dev.streamgate.registry;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decoding through a Confluent-compatible schema registry (Confluent, Apicurio's {@code
 * /apis/ccompat/v7}, Karapace, Redpanda): where it is, how to reach it, and the bounds of decoding.
 * Without {@link #url()} nothing is decoded and every record is served as before.
 *
 * <p>Read by {@link PodDecoding} alone, a bean built at start, so Quarkus registers and validates
 * these keys in every pod, with or without a registry.
 */
@ConfigMapping(prefix = "streamgate.schema-registry")
public interface SchemaRegistryConfig {

  /**
   * The registry's base URL, or several (a comma-separated list, as Confluent's {@code
   * schema.registry.url}, or {@code url[0]}, {@code url[1]}…), tried in turn: a request that fails
   * with a retryable error goes to the next, and the last one that answered is asked first. A base
   * URL may have a path (Apicurio: {@code http://apicurio:8080/apis/ccompat/v7}). Absent: decoding
   * off.
   */
  Optional<List<String>> url();

  /** HTTP basic authentication (Confluent Cloud's API key and secret); from a Secret. */
  BasicAuth basicAuth();

  /** HTTP basic authentication. */
  interface BasicAuth {

    /** The user name (an API key); set with {@link #password()}. */
    Optional<String> username();

    /** The password (an API secret). */
    Optional<String> password();
  }

  /** A bearer token sent as {@code Authorization: Bearer}; not with basic auth. From a Secret. */
  Optional<String> bearerToken();

  /** TLS to the registry. */
  Tls tls();

  /** TLS to the registry. */
  interface Tls {

    /**
     * A PEM file of the certificate authorities to trust (one or more {@code BEGIN CERTIFICATE}
     * blocks) instead of the JVM's default trust store; for a registry with a private CA.
     */
    Optional<String> caFile();
  }

  /** How long to wait for a connection to the registry. */
  @WithDefault("5s")
  Duration connectTimeout();

  /** How long to wait for one answer of the registry. */
  @WithDefault("10s")
  Duration requestTimeout();

  /**
   * How often a request is retried after a retryable failure (connection refused or reset, a
   * timeout, a 5xx, 408 or 429), each retry trying every URL in turn. A 404 (an unknown id, {@code
   * error_code} 40403) and other 4xx answers are final.
   */
  @WithDefault("3")
  int retries();

  /** The wait before the first retry; it doubles with each retry, up to {@link #maxBackoff()}. */
  @WithDefault("200ms")
  Duration backoff();

  /** The longest wait between two retries. */
  @WithDefault("5s")
  Duration maxBackoff();

  /**
   * How long a record whose schema id is not cached waits while the registry cannot be reached,
   * asking again with the retries above, before it becomes a {@code decode-error} ({@code
   * registry-unavailable}). The topic's reader waits with it, so order is kept; records whose
   * schemas are cached never wait.
   */
  @WithDefault("30s")
  Duration waitForRegistry();

  /**
   * Most schemas kept per pod. A schema never changes for its id, so a cached one is never asked
   * again; beyond this many, the least recently used is dropped (and fetched again when next seen).
   */
  @WithDefault("1000")
  int cacheSize();

  /**
   * How long the registry's "unknown id" answer (404) is remembered: records with that id become
   * {@code decode-error} ({@code unknown-schema}) without asking again until it has passed.
   */
  @WithDefault("60s")
  Duration unknownSchemaRecheck();

  /**
   * Deepest nesting of a decoded value (records, arrays, maps, messages), and of a schema's
   * declarations; a recursive type's values stop here ({@code too-deep}).
   */
  @WithDefault("64")
  int maxDepth();

  /** Largest key or value decoded, in bytes; a larger one is a {@code too-large} decode error. */
  @WithDefault("4194304")
  int maxValueBytes();

  /** Largest JSON one key or value may decode to, in bytes ({@code too-large} beyond). */
  @WithDefault("16777216")
  int maxJsonBytes();

  /** Largest schema text accepted, in bytes, each reference counted on its own. */
  @WithDefault("1048576")
  int maxSchemaBytes();

  /**
   * Most nodes in a schema with its references (named types, fields, enum symbols, union branches,
   * messages, enum values): a larger schema (a huge enum) is refused ({@code schema-too-large}).
   */
  @WithDefault("20000")
  int maxSchemaNodes();

  /** Most schemas one schema may reference, directly or through its references. */
  @WithDefault("64")
  int maxReferences();

  /** Per-topic exceptions to "every framed key and value is decoded", by topic name. */
  Map<String, TopicSettings> topics();

  /** One topic's exception. */
  interface TopicSettings {

    /**
     * {@code framed} (the default: decode what carries the framing), {@code off} (nothing: for
     * binary values that merely start with 0x00), {@code avro} or {@code protobuf} (bare values
     * without framing, with the schema of {@link #schemaFile()} or {@link #schemaSubject()}).
     */
    @WithDefault("framed")
    DecodeMode decode();

    /** A bare topic's schema: an Avro {@code .avsc} or a {@code .proto} file (no imports). */
    Optional<String> schemaFile();

    /** A bare topic's schema: the latest version of this registry subject, read at start. */
    Optional<String> schemaSubject();

    /** A bare Protobuf topic's message type, by full name; default the file's first message. */
    Optional<String> message();
  }

  /** How a topic is decoded. */
  enum DecodeMode {
    FRAMED,
    OFF,
    AVRO,
    PROTOBUF
  }
}
