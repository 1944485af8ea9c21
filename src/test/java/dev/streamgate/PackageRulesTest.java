package dev.streamgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of the package layout (docs/architecture.md), read from the main sources' imports: no
 * package imports a package that imports it back, nor a sub-package one that imports it back; the
 * rooms of {@code stream} import one way, from the HTTP edge down to the event loops; the pure
 * packages use no framework; and the few things that only one place may do are done in that place.
 */
class PackageRulesTest {

  private static final Path MAIN = Path.of("src/main/java/dev/streamgate");
  private static final Pattern PACKAGE = Pattern.compile("^package dev\\.streamgate\\.([\\w.]+);");
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)\\.\\w+;");

  /** Pure logic: any thread, no container, testable without Quarkus. */
  private static final Set<String> PURE =
      Set.of("cursor", "wire", "start", "select", "pattern", "decode", "conflate");

  private static final List<String> FRAMEWORKS =
      List.of("io.quarkus.", "jakarta.", "io.vertx.", "io.smallrye.", "io.netty.");

  /**
   * The rooms of {@code stream} by floor: a room imports only rooms on lower floors, so the HTTP
   * edge opens streams, the opener draws on the pattern watch and the pod's registry (which know
   * nothing of each other), those drive the delivery engine, and the engine runs on the event
   * loops. The feature's root, {@code stream}, holds only its settings ({@code StreamConfig}), a
   * leaf that any room may read.
   */
  private static final Map<String, Integer> STREAM_FLOORS =
      Map.of(
          "stream.http", 5,
          "stream.open", 4,
          "stream.watch", 3,
          "stream.pod", 3,
          "stream.delivery", 2,
          "stream.loop", 1,
          "stream", 0);

  /** Built by the opener for each stream and tested without a container: no CDI, no Quarkus. */
  private static final Set<String> CONTAINER_FREE = Set.of("stream.delivery", "stream.watch");

  private static final List<String> CONTAINER = List.of("io.quarkus.", "jakarta.");

  private static final Map<Path, List<String>> IMPORTS = new TreeMap<>();

  @BeforeAll
  static void readSources() throws IOException {
    try (Stream<Path> files = Files.walk(MAIN)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(PackageRulesTest::read);
    }
  }

  private static void read(Path file) {
    try {
      IMPORTS.put(file, Files.readAllLines(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file's package under {@code dev.streamgate}, with its sub-packages: {@code stream.pod}. */
  private static String roomOf(Path file) {
    for (String line : IMPORTS.get(file)) {
      Matcher m = PACKAGE.matcher(line);
      if (m.find()) {
        return m.group(1);
      }
    }
    throw new IllegalStateException("No package line in " + file);
  }

  /** The file's top-level package under {@code dev.streamgate}: {@code stream}. */
  private static String packageOf(Path file) {
    return topLevel(roomOf(file));
  }

  private static String topLevel(String room) {
    return room.split("\\.")[0];
  }

  /** The package an imported name lives in (the names before the first type's), under ours. */
  private static String importedRoom(String imported) {
    StringBuilder room = new StringBuilder();
    for (String part : imported.substring("dev.streamgate.".length()).split("\\.")) {
      if (part.isEmpty() || Character.isUpperCase(part.charAt(0))) {
        break;
      }
      room.append(room.length() == 0 ? "" : ".").append(part);
    }
    return room.toString();
  }

  private static List<String> importsOf(Path file) {
    List<String> imports = new ArrayList<>();
    for (String line : IMPORTS.get(file)) {
      Matcher m = IMPORT.matcher(line);
      if (m.find()) {
        imports.add(m.group(1) + ".");
      }
    }
    return imports;
  }

  /** Who imports whom, between packages as {@code depth} names them (top-level, or rooms). */
  private static Map<String, Set<String>> graph(UnaryOperator<String> depth) {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (Path file : IMPORTS.keySet()) {
      String from = depth.apply(roomOf(file));
      Set<String> to = graph.computeIfAbsent(from, p -> new TreeSet<>());
      for (String imported : importsOf(file)) {
        if (imported.startsWith("dev.streamgate.")) {
          String target = depth.apply(importedRoom(imported));
          if (!target.equals(from)) {
            to.add(target);
          }
        }
      }
    }
    return graph;
  }

  private static List<String> cycles(Map<String, Set<String>> graph) {
    List<String> cycles = new ArrayList<>();
    for (String from : graph.keySet()) {
      for (String to : graph.get(from)) {
        if (reaches(graph, to, from)) {
          cycles.add(from + " -> " + to + " -> ... -> " + from);
        }
      }
    }
    return cycles;
  }

  @Test
  void noPackageImportsAPackageThatImportsItBack() {
    Map<String, Set<String>> packages = graph(PackageRulesTest::topLevel);
    assertThat(cycles(packages)).as("package cycles in %s", packages).isEmpty();
    Map<String, Set<String>> rooms = graph(UnaryOperator.identity());
    assertThat(cycles(rooms)).as("sub-package cycles in %s", rooms).isEmpty();
  }

  @Test
  void theStreamRoomsImportOneWayDown() {
    List<String> offenders = new ArrayList<>();
    for (Path file : IMPORTS.keySet()) {
      String from = roomOf(file);
      if (!packageOf(file).equals("stream")) {
        continue;
      }
      if (!STREAM_FLOORS.containsKey(from)) {
        offenders.add(MAIN.relativize(file) + " is in no room of stream " + STREAM_FLOORS.keySet());
        continue;
      }
      for (String imported : importsOf(file)) {
        String to = imported.startsWith("dev.streamgate.") ? importedRoom(imported) : "";
        if (topLevel(to).equals("stream")
            && !to.equals(from)
            && STREAM_FLOORS.getOrDefault(to, 0) >= STREAM_FLOORS.get(from)) {
          offenders.add(MAIN.relativize(file) + " (" + from + ") imports " + imported);
        }
      }
    }
    assertThat(offenders).as("imports that run back up %s", STREAM_FLOORS).isEmpty();
  }

  @Test
  void theDeliveryEngineAndThePatternWatchNeedNoContainer() {
    List<String> offenders = new ArrayList<>();
    for (Path file : IMPORTS.keySet()) {
      if (CONTAINER_FREE.contains(roomOf(file))) {
        for (String imported : importsOf(file)) {
          if (CONTAINER.stream().anyMatch(imported::startsWith)) {
            offenders.add(MAIN.relativize(file) + " imports " + imported);
          }
        }
      }
    }
    assertThat(offenders).isEmpty();
  }

  private static boolean reaches(Map<String, Set<String>> graph, String start, String goal) {
    Deque<String> todo = new ArrayDeque<>(List.of(start));
    Set<String> seen = new TreeSet<>();
    while (!todo.isEmpty()) {
      String next = todo.pop();
      if (next.equals(goal)) {
        return true;
      }
      if (seen.add(next)) {
        todo.addAll(graph.getOrDefault(next, Set.of()));
      }
    }
    return false;
  }

  @Test
  void thePurePackagesUseNoFramework() {
    List<String> offenders = new ArrayList<>();
    for (Path file : IMPORTS.keySet()) {
      if (PURE.contains(packageOf(file))) {
        for (String imported : importsOf(file)) {
          if (FRAMEWORKS.stream().anyMatch(imported::startsWith)) {
            offenders.add(MAIN.relativize(file) + " imports " + imported);
          }
        }
      }
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void vertxInternalsAndNettysChannelsAreWrappedInOnePlaceEach() {
    assertThat(filesImporting("io.vertx.core.impl.", "io.vertx.core.internal."))
        .as("scheduling on the event loops: Vert.x internal API in one class")
        .hasSizeLessThanOrEqualTo(1)
        .allSatisfy(file -> assertThat(roomOf(file)).isEqualTo("stream.loop"));
    assertThat(
            filesImporting(
                "io.vertx.core.net.impl.",
                "io.vertx.core.buffer.impl.",
                "io.vertx.core.http.impl.",
                "io.netty.channel.",
                "io.netty.handler."))
        .as("the write below Vert.x's response: the connection's channel in one class")
        .hasSizeLessThanOrEqualTo(1)
        .allSatisfy(file -> assertThat(file.getFileName()).hasToString("ChunkChannel.java"));
  }

  @Test
  void onlyDevKafkaUsesTheBrokerItself() {
    // kafka_2.13 is "provided": on the class path of tests and dev mode, never in the service.
    assertThat(
            filesImporting("kafka.", "org.apache.kafka.common.test.", "org.apache.kafka.server."))
        .isNotEmpty()
        .allSatisfy(file -> assertThat(packageOf(file)).isEqualTo("devkafka"));
  }

  private static List<Path> filesImporting(String... prefixes) {
    List<Path> files = new ArrayList<>();
    for (Path file : IMPORTS.keySet()) {
      if (importsOf(file).stream().anyMatch(i -> Stream.of(prefixes).anyMatch(i::startsWith))) {
        files.add(file);
      }
    }
    return files;
  }
}
