package dev.streamgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The browser client package's own tests ({@code node --test} in clients/js: the URL, the stream,
 * sharing between tabs, and the served bundles this build made), one JUnit test each, and the
 * type-check of its declarations against usage files ({@code tsc}, pinned in
 * clients/js/package-lock.json). Needs Node.js (bin/verify installs it): without it they are
 * skipped with a message, except in CI (the environment variable {@code CI} is set, as .ci/run sets
 * it), where a missing Node.js fails them.
 */
class ClientPackageTest {

  private static final Path PACKAGE = Path.of("clients/js");

  /** Where this build bundled /streamgate.js and /streamgate.mjs (generate-resources). */
  private static final Path BUNDLE =
      Path.of("target/generated-resources/streamgate/META-INF/resources");

  /** A top-level TAP result: "ok 3 - name" or "not ok 3 - name". */
  private static final Pattern RESULT = Pattern.compile("^(not )?ok \\d+ - (.*)$");

  /** Whether Node.js answered; read once. */
  private static Command node;

  @BeforeAll
  static void node() {
    node = Command.run(List.of("node", "--version"), Path.of("."), Map.of());
    if (node.exit() == 0) {
      install();
    }
  }

  @TestFactory
  Stream<DynamicTest> thePackagesOwnTests() {
    requireNode();
    Map<String, String> env =
        Files.isRegularFile(BUNDLE.resolve("streamgate.js"))
            ? Map.of("STREAMGATE_BUNDLE", BUNDLE.toAbsolutePath().toString())
            : Map.of();
    Command run =
        Command.run(List.of("node", "--test", "--test-reporter=tap", "test/"), PACKAGE, env);
    List<DynamicTest> tests = new ArrayList<>();
    for (String line : run.output().split("\n")) {
      Matcher result = RESULT.matcher(line);
      if (result.matches()) {
        boolean passed = result.group(1) == null;
        tests.add(
            dynamicTest(
                result.group(2),
                () ->
                    assertThat(passed)
                        .as("node --test in clients/js:%n%s", run.output())
                        .isTrue()));
      }
    }
    tests.add(
        dynamicTest(
            "node --test exits 0",
            () -> assertThat(run.exit()).as("node --test:%n%s", run.output()).isZero()));
    assertThat(tests).as("no test results in:%n%s", run.output()).hasSizeGreaterThan(10);
    return tests.stream();
  }

  @Test
  void theTypeDeclarationsCheckAgainstTheUsageFiles() {
    requireNode();
    Command tsc =
        Command.run(
            List.of("node", "node_modules/typescript/bin/tsc", "-p", "test/types"),
            PACKAGE,
            Map.of());
    assertThat(tsc.exit()).as("tsc -p test/types:%n%s", tsc.output()).isZero();
  }

  /** Skips the caller's tests without Node.js outside CI; fails them in CI. */
  private static void requireNode() {
    if (node.exit() == 0) {
      return;
    }
    String ci = System.getenv("CI");
    if (ci != null && !ci.isBlank()) {
      throw new AssertionError(
          "Node.js is needed for the browser client's tests, and CI must run them: "
              + "bin/verify installs it (nodejs, npm). "
              + node.output());
    }
    String skipped =
        "Node.js not found: the browser client package's tests (clients/js) are skipped here."
            + " bin/verify installs Node.js; in CI (CI set) they run or fail.";
    System.out.println("SKIPPED " + ClientPackageTest.class.getSimpleName() + ": " + skipped);
    Assumptions.abort(skipped);
  }

  /** Installs the package's pinned dev dependencies (package-lock.json) when they are not. */
  private static void install() {
    Path installed = PACKAGE.resolve("node_modules/.package-lock.json");
    Path lock = PACKAGE.resolve("package-lock.json");
    try {
      if (Files.exists(installed)
          && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
        return;
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Command ci =
        Command.run(
            List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), PACKAGE, Map.of());
    if (ci.exit() != 0) {
      throw new AssertionError("npm ci in clients/js failed:\n" + ci.output());
    }
  }
}
