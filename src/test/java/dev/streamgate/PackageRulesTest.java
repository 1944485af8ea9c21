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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of the package layout (docs/architecture.md), read from the main sources' imports: no
 * package imports a package that imports it back, the pure packages use no framework, and the few
 * things that only one place may do are done in that place.
 */
class PackageRulesTest {

  private static final Path MAIN = Path.of("src/main/java/dev/streamgate");
  private static final Pattern PACKAGE = Pattern.compile("^package dev\\.streamgate\\.(\\w+)");
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)\\.\\w+;");

  /** Pure logic: any thread, no container, testable without Quarkus. */
  private static final Set<String> PURE =
      Set.of("cursor", "wire", "start", "select", "pattern", "decode");

  private static final List<String> FRAMEWORKS =
      List.of("io.quarkus.", "jakarta.", "io.vertx.", "io.smallrye.", "io.netty.");

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

  private static String packageOf(Path file) {
    for (String line : IMPORTS.get(file)) {
      Matcher m = PACKAGE.matcher(line);
      if (m.find()) {
        return m.group(1);
      }
    }
    throw new IllegalStateException("No package line in " + file);
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

  private static Map<String, Set<String>> graph() {
    Map<String, Set<String>> graph = new TreeMap<>();
    for (Path file : IMPORTS.keySet()) {
      String from = packageOf(file);
      Set<String> to = graph.computeIfAbsent(from, p -> new TreeSet<>());
      for (String imported : importsOf(file)) {
        if (imported.startsWith("dev.streamgate.")) {
          String target = imported.substring("dev.streamgate.".length()).split("\\.")[0];
          if (!target.equals(from)) {
            to.add(target);
          }
        }
      }
    }
    return graph;
  }

  @Test
  void noPackageImportsAPackageThatImportsItBack() {
    Map<String, Set<String>> graph = graph();
    List<String> cycles = new ArrayList<>();
    for (String from : graph.keySet()) {
      for (String to : graph.get(from)) {
        if (reaches(graph, to, from)) {
          cycles.add(from + " -> " + to + " -> ... -> " + from);
        }
      }
    }
    assertThat(cycles).as("package cycles in %s", graph).isEmpty();
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
  void onlyOneClassTouchesVertxInternals() {
    assertThat(filesImporting("io.vertx.core.impl.", "io.vertx.core.internal."))
        .as("Vert.x internal API is wrapped in one place")
        .hasSizeLessThanOrEqualTo(1);
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
