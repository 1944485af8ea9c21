package dev.streamgate.registry;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Decoding on, against the stand-in registry ({@link
 * dev.streamgate.testing.StandInRegistryResource} sets the URL): short registry timeouts and wait
 * so an outage costs a test seconds, small decode bounds so a test can break them, and two topics
 * with settings of their own: {@value #OFF_TOPIC} (decoding off), {@value #BARE_TOPIC} (bare Avro
 * values with the schema of a file) and {@value #BARE_PROTO_TOPIC} (bare Protobuf values with the
 * latest schema of the registry subject {@value #BARE_PROTO_SUBJECT}).
 */
public class StandInRegistryProfile implements QuarkusTestProfile {

  /** A topic whose values are never decoded. */
  public static final String OFF_TOPIC = "standin-off";

  /** A topic of bare Avro values, decoded with {@link StandInSchemas#QUOTE} from a file. */
  public static final String BARE_TOPIC = "standin-bare";

  /** A topic of bare Protobuf values ({@code shop.Order}), decoded with a registry subject. */
  public static final String BARE_PROTO_TOPIC = "standin-bare-proto";

  /** The subject {@value #BARE_PROTO_TOPIC}'s schema is read from (registered by its test). */
  public static final String BARE_PROTO_SUBJECT = "standin-bare-orders";

  /** The registry wait of a record whose schema id is not cached. */
  public static final String WAIT_FOR_REGISTRY = "2s";

  public static final int MAX_VALUE_BYTES = 65_536;
  public static final int MAX_SCHEMA_NODES = 2_000;

  @Override
  public Map<String, String> getConfigOverrides() {
    String p = "streamgate.schema-registry.";
    return Map.ofEntries(
        Map.entry(p + "wait-for-registry", WAIT_FOR_REGISTRY),
        Map.entry(p + "connect-timeout", "500ms"),
        Map.entry(p + "request-timeout", "500ms"),
        Map.entry(p + "retries", "1"),
        Map.entry(p + "backoff", "50ms"),
        Map.entry(p + "max-backoff", "100ms"),
        Map.entry(p + "unknown-schema-recheck", "1s"),
        Map.entry(p + "max-value-bytes", "" + MAX_VALUE_BYTES),
        Map.entry(p + "max-schema-nodes", "" + MAX_SCHEMA_NODES),
        Map.entry(p + "topics." + OFF_TOPIC + ".decode", "off"),
        Map.entry(p + "topics." + BARE_TOPIC + ".decode", "avro"),
        Map.entry(p + "topics." + BARE_TOPIC + ".schema-file", schemaFile()),
        Map.entry(p + "topics." + BARE_PROTO_TOPIC + ".decode", "protobuf"),
        Map.entry(p + "topics." + BARE_PROTO_TOPIC + ".schema-subject", BARE_PROTO_SUBJECT),
        Map.entry(p + "topics." + BARE_PROTO_TOPIC + ".message", "shop.Order"),
        // the thousand clients of one test come from one address
        Map.entry("streamgate.stream.max-streams", "5000"));
  }

  private static String schemaFile() {
    try {
      Path file = Files.createTempFile("standin-quote", ".avsc");
      Files.writeString(file, StandInSchemas.QUOTE);
      file.toFile().deleteOnExit();
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
