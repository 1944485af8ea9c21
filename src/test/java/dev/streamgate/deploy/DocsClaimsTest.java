package dev.streamgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README, docs/ and the deployment files describe what is built: no setting "takes effect once
 * issue 6 lands" after it has, no Secret "optional until then". A claim that something is not built
 * is allowed only where it is still true, listed here, so that building it fails this test and
 * sends its author to the doc. docs/benchmarks.md is a dated log of runs named by the issue that
 * made them, and is not read.
 */
class DocsClaimsTest {

  /** Words that promise work to come, by issue number or in general. */
  private static final Pattern PROMISE =
      Pattern.compile(
          "(?i)issue \\d+ lands|(once|until|when|after) issue \\d+|\\(issue \\d+\\)"
              + "|optional until then|not (yet )?built|not implemented yet"
              + "|not yet (active|wired)|when the wiring lands");

  /** Claims of something unbuilt that are still true (file, then the line's text). */
  private static final Set<String> STILL_TRUE = Set.of();

  @Test
  void noDocPromisesWhatIsBuiltOrNamesAnIssueAsWorkToCome() throws IOException {
    List<String> stale = new ArrayList<>();
    for (Path file : files()) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (PROMISE.matcher(line).find() && !stillTrue(file, line)) {
          stale.add(file + ":" + (i + 1) + ": " + line);
        }
      }
    }
    assertThat(stale).as("claims of work to come in docs that must say what is built").isEmpty();
  }

  private static boolean stillTrue(Path file, String line) {
    return STILL_TRUE.stream()
        .anyMatch(
            known -> {
              int colon = known.indexOf(": ");
              return file.toString().equals(known.substring(0, colon))
                  && line.contains(known.substring(colon + 2));
            });
  }

  private static List<Path> files() throws IOException {
    List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md"))
          .filter(p -> !p.endsWith("benchmarks.md"))
          .sorted()
          .forEach(files::add);
    }
    try (Stream<Path> k8s = Files.walk(Path.of("k8s"))) {
      k8s.filter(p -> !p.toString().contains("node_modules"))
          .filter(p -> !p.startsWith(Path.of("k8s/validate/fixtures")))
          .filter(p -> p.toString().matches(".*\\.(ya?ml|env|md)$") && Files.isRegularFile(p))
          .sorted()
          .forEach(files::add);
    }
    assertThat(files).as("README.md, docs/*.md and k8s/").hasSizeGreaterThan(10);
    return files;
  }
}
