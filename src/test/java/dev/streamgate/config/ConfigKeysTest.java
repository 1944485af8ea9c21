package dev.streamgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamgate.kafka.TypeHeaderConfig;
import dev.streamgate.security.JwtConfig;
import dev.streamgate.security.LimitsConfig;
import dev.streamgate.security.MaxTopicsConfig;
import dev.streamgate.security.SecurityConfig;
import dev.streamgate.stream.StreamConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The settings are public API: docs, the Kubernetes manifests, docker-compose.yml, the bench's
 * scripts and operators' own files name them. Each feature declares its keys in a mapping next to
 * the package that reads it (docs/architecture.md); these tests hold that set of mappings to the
 * keys of the one mapping that came before (every name, type, default and Javadoc, from a fixture
 * written at c46c950), to everything the docs and manifests name, and to the start-up checks
 * SmallRye made of them: a misspelt key, or group, still refuses to start.
 */
class ConfigKeysTest {

  private static final Path FIXTURE =
      Path.of("src/test/resources/config/streamgate-keys-c46c950.txt");

  /** Where keys are named for users: every file below these, and these files. */
  private static final List<Path> NAMED_IN =
      List.of(
          Path.of("docs"),
          Path.of("k8s"),
          Path.of("bench"),
          Path.of("docker-compose.yml"),
          Path.of("README.md"),
          Path.of("src/main/resources/application.properties"));

  /**
   * A dotted key or group ({@code streamgate.security.jwt}, {@code streamgate.publish.*}), also
   * after {@code -D}; not the tail of a Java name ({@code dev.streamgate.x}).
   */
  private static final Pattern DOTTED =
      Pattern.compile("(?:(?<=-D)|(?<![\\w.]))streamgate((?:\\.[a-z0-9*][a-z0-9-]*)+)");

  private static final Pattern ENV = Pattern.compile("(?<![A-Z0-9_])STREAMGATE_[A-Z0-9_]+");

  /**
   * Names in those files that are not settings, though they have a group and a name as settings do:
   * example host names, and architecture.md's example of a misspelt group. (A name of one part,
   * such as {@code streamgate.js} or the meter name {@code streamgate.catchup}, is never a setting:
   * every setting is in a group.)
   */
  private static final Set<String> NOT_KEYS =
      Set.of(
          "streamgate.example.com",
          "streamgate.localtest.me",
          "streamgate.stram.heartbeat",
          // the browser client's Web Lock and BroadcastChannel names (docs/client.md)
          "streamgate.share.1");

  /** The bench scripts' own variables: the JVM's collector, compiler and extra flags. */
  private static final Set<String> NOT_KEYS_ENV =
      Set.of("STREAMGATE_GC", "STREAMGATE_JIT", "STREAMGATE_OPTS");

  private static List<Class<?>> mappings;
  private static Map<String, ConfigKeys.Key> keys;

  @BeforeAll
  static void readMappings() throws IOException {
    mappings = ConfigKeys.mappings(Path.of("target/classes"));
    keys = ConfigKeys.keys(mappings, Path.of("src/main/java"));
  }

  @Test
  void everyKeyKeepsItsNameTypeDefaultAndJavadoc() throws IOException {
    List<String> fixture = amended(Files.readAllLines(FIXTURE));
    Set<String> names = new TreeSet<>();
    fixture.stream().filter(l -> l.startsWith("streamgate.")).forEach(names::add);
    assertThat(names).hasSize(69);

    List<ConfigKeys.Key> kept =
        keys.values().stream().filter(k -> names.contains(k.name())).toList();
    assertThat(ConfigKeys.describe(kept)).isEqualTo(String.join("\n", fixture) + "\n");
  }

  /**
   * The Javadoc of a key whose meaning changed on purpose since c46c950, by key; the fixture stays
   * the record of that commit and this list says, reviewably, what was changed since and why.
   */
  private static final Map<String, String> AMENDED_DOCS =
      Map.of(
          // issue 26: a stopping pod stops as soon as its last stream is handed over
          "streamgate.shutdown.drain-period",
          "Time over which a stopping pod closes its streams, in waves, after readiness went"
              + " DOWN; the pod stops as soon as its last stream is gone (an idle pod at once), at"
              + " the latest after this period. Kubernetes' {@code terminationGracePeriodSeconds}"
              + " must exceed it plus {@code quarkus.shutdown.delay} (the listener's linger after"
              + " the drain) and {@code quarkus.shutdown.timeout}.",
          // issue 29: the linger per stream became 60 µs (fanout-1k's A/B on the new write path)
          "streamgate.tail.wake-linger-micros-per-stream",
          "Write batching by design: a topic's reader wakes each of its streams at most once per"
              + " this many microseconds per stream it wakes (up to {@link #wakeLingerMax()}). A"
              + " topic that had nothing to say for a whole linger is woken at once; on a busy one"
              + " with many streams the records that arrive within the linger share one socket"
              + " write per stream instead of one write each, which was most of the fan-out's CPU"
              + " at low rates. 0 wakes the streams after every poll. Added latency is at most the"
              + " linger: with the defaults 6 ms for 100 streams, 60 ms for 1,000, 100 ms from"
              + " 1,667 (docs/operations.md, \"Latency or CPU: the write linger\", gives the"
              + " measured trade).");

  /**
   * The default of a key that changed on purpose since c46c950, by key (as {@link #AMENDED_DOCS}).
   */
  private static final Map<String, String> AMENDED_DEFAULTS =
      Map.of(
          // issue 29: 60 ms at 1,000 streams met fanout-1k's p99 and CPU targets in one run
          "streamgate.tail.wake-linger-micros-per-stream", "60");

  private static List<String> amended(List<String> lines) {
    List<String> out = new java.util.ArrayList<>();
    String key = null;
    for (String line : lines) {
      if (line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("streamgate.")) {
        key = line;
      } else if (line.startsWith("  doc: ") && AMENDED_DOCS.containsKey(key)) {
        line = "  doc: " + AMENDED_DOCS.get(key);
      } else if (line.startsWith("  default: ") && AMENDED_DEFAULTS.containsKey(key)) {
        line = "  default: " + AMENDED_DEFAULTS.get(key);
      }
      out.add(line);
    }
    return out;
  }

  @Test
  void everyMappingIsAFeatureOfItsOwnWithEveryKeyDeclaredOnce() {
    // keys() refuses a key declared by two mappings; each feature mapping sits in a package of ours
    assertThat(keys).isNotEmpty();
    for (Class<?> mapping : mappings) {
      String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
      assertThat(prefix).as("%s", mapping).matches("streamgate(\\.[a-z][a-z-]*)*");
      assertThat(mapping.getPackageName()).startsWith("dev.streamgate.");
    }
    assertThat(mappings)
        .filteredOn(m -> m.getAnnotation(ConfigMapping.class).prefix().equals("streamgate"))
        .containsExactly(StreamgateNamespace.class);
    assertThat(StreamgateNamespace.class.getDeclaredMethods()).isEmpty();
  }

  @Test
  void everyKeyTheDocsManifestsAndScriptsNameIsDeclared() throws IOException {
    Set<String> envNames = new TreeSet<>();
    keys.keySet().forEach(k -> envNames.add(k.toUpperCase().replaceAll("[^A-Z0-9]", "_")));
    List<String> unknown = new ArrayList<>();
    int named = 0;
    for (Path file : textFiles()) {
      String text;
      try {
        text = Files.readString(file);
      } catch (MalformedInputException binary) {
        continue;
      }
      Matcher dotted = DOTTED.matcher(text);
      while (dotted.find()) {
        String name = dotted.group();
        if (name.indexOf('.') == name.lastIndexOf('.')
            || NOT_KEYS.contains(name)
            || name.startsWith("streamgate.test.")) {
          continue;
        }
        named++;
        String group = name.endsWith(".*") ? name.substring(0, name.length() - 1) : name + ".";
        boolean known =
            keys.containsKey(name) || keys.keySet().stream().anyMatch(k -> k.startsWith(group));
        if (!known) {
          unknown.add(file + ": " + name);
        }
      }
      Matcher env = ENV.matcher(text);
      while (env.find()) {
        if (!NOT_KEYS_ENV.contains(env.group())) {
          named++;
          // a name ending in '_' is a prefix ("every key under STREAMGATE_SCHEMA_REGISTRY_…")
          String name = env.group();
          boolean known =
              name.endsWith("_")
                  ? envNames.stream().anyMatch(n -> n.startsWith(name))
                  : envNames.contains(name);
          if (!known) {
            unknown.add(file + ": " + env.group());
          }
        }
      }
    }
    assertThat(named).as("keys named in %s", NAMED_IN).isGreaterThan(100);
    assertThat(unknown).isEmpty();
  }

  private static List<Path> textFiles() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path root : NAMED_IN) {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(Files::isRegularFile)
            .filter(
                f ->
                    !f.toString().contains("/target/")
                        && !f.toString().contains("node_modules")
                        // the bench's git-ignored cache holds whole older trees (REF builds)
                        && !f.toString().contains("bench/.cache/"))
            .filter(f -> !f.toString().endsWith(".png"))
            .forEach(files::add);
      }
    }
    return files;
  }

  @Test
  void aMisspeltGroupOrKeyStillRefusesToStart() {
    assertThatThrownBy(() -> config(Map.of("streamgate.stram.heartbeat", "5s"), Map.of()))
        .hasMessageContaining("streamgate.stram.heartbeat")
        .hasMessageContaining("does not map to any root");
    assertThatThrownBy(() -> config(Map.of("streamgate.stream.hartbeat", "5s"), Map.of()))
        .hasMessageContaining("streamgate.stream.hartbeat");
    assertThatThrownBy(() -> config(Map.of("streamgate.security.jwt.enabeld", "true"), Map.of()))
        .hasMessageContaining("streamgate.security.jwt.enabeld");
    assertThatThrownBy(() -> config(Map.of("streamgate.stream.max-topics", "many"), Map.of()))
        .hasMessageContaining("streamgate.stream.max-topics");
  }

  @Test
  void mappingsThatShareAPrefixEachBindTheirKeysFromFilesAndTheEnvironment() {
    SmallRyeConfig config =
        config(
            Map.of(
                "streamgate.stream.type-header", "event_type",
                "streamgate.stream.heartbeat", "5s",
                "streamgate.security.topics", "demo.*,prices.*"),
            Map.of(
                "STREAMGATE_STREAM_MAX_TOPICS", "4",
                "STREAMGATE_SECURITY_JWT_ENABLED", "true",
                "STREAMGATE_SECURITY_LIMITS_MAX_STREAMS_PER_ADDRESS", "3"));
    assertThat(config.getConfigMapping(TypeHeaderConfig.class).typeHeader())
        .isEqualTo("event_type");
    assertThat(config.getConfigMapping(StreamConfig.class).heartbeat()).hasSeconds(5);
    assertThat(config.getConfigMapping(StreamConfig.class).retry()).hasSeconds(3);
    assertThat(config.getConfigMapping(MaxTopicsConfig.class).maxTopics()).isEqualTo(4);
    assertThat(config.getConfigMapping(SecurityConfig.class).topics())
        .containsExactly("demo.*", "prices.*");
    assertThat(config.getConfigMapping(JwtConfig.class).enabled()).isTrue();
    assertThat(config.getConfigMapping(LimitsConfig.class).maxStreamsPerAddress()).isEqualTo(3);
  }

  /** Every mapping of the service over these settings, as the pod binds them at start. */
  private static SmallRyeConfig config(Map<String, String> file, Map<String, String> env) {
    SmallRyeConfigBuilder builder =
        new SmallRyeConfigBuilder()
            .withConverter(Duration.class, 200, new DurationConverter())
            .withSources(new PropertiesConfigSource(file, "application.properties", 250))
            .withSources(new EnvConfigSource(env, 300));
    mappings.forEach(builder::withMapping);
    return builder.build();
  }
}
