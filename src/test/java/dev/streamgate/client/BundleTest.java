package dev.streamgate.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * clients/js/build/Bundle.java, the build step that makes /streamgate.js and /streamgate.mjs from
 * the client's modules with nothing but the JDK: what it makes of modules, and that a module
 * outside the subset it can bundle fails the build with the file and line instead of making a wrong
 * script. (ClientPackageTest runs the real bundles in Node.)
 */
class BundleTest {

  private static final String JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private static final String BUNDLE =
      Path.of("clients/js/build/Bundle.java").toAbsolutePath().toString();

  /** Bundle.java compiled once, so each case costs a JVM start and not a compile too. */
  @TempDir static Path classes;

  @TempDir Path dir;

  @BeforeAll
  static void compile() {
    int status =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "-d", classes.toString(), BUNDLE);
    assertThat(status).as("javac Bundle.java").isZero();
  }

  @Test
  void modulesBecomeOneScopeEachInDependencyOrderAndTheEntrysExportsTheGlobal() throws Exception {
    write(
        "a.js",
        "import { helper } from './b.js';",
        "export function greet() { return helper(); }",
        "export { shout };",
        "function shout() { return 'A'; }",
        "const secret = 1;");
    write("b.js", "const secret = 2;", "export const helper = () => secret;");
    write(
        "index.js",
        "import { greet, shout } from './a.js';",
        "export { greet, shout };",
        "export class Thing {}");

    Command run = bundle("index.js");

    assertThat(run.exit()).as(run.output()).isZero();
    String classic = Files.readString(dir.resolve("out/streamgate.js"));
    assertThat(classic)
        .contains("Built from clients/js/src by clients/js/build/Bundle.java")
        .contains("(function (global) {\n'use strict';")
        // b before a before index; each module's private `secret` in its own function
        .containsSubsequence(
            "// ---- b.js\nconst { helper } = (function () {\nconst secret = 2;",
            "return { helper };\n})();",
            "// ---- a.js\nconst { greet, shout } = (function () {",
            "function greet()",
            "const secret = 1;\nreturn { greet, shout };",
            "// ---- index.js\nconst { Thing } = (function () {\nclass Thing {}\nreturn { Thing };")
        .endsWith(
            "global.Lib = { greet, shout, Thing };\n"
                + "})(typeof window !== 'undefined' ? window : globalThis);\n")
        .doesNotContain("import ")
        .doesNotContain("export ");
    String module = Files.readString(dir.resolve("out/streamgate.mjs"));
    assertThat(module)
        .startsWith("// streamgate.mjs: the Streamgate browser client")
        .contains("// ---- b.js\nconst { helper } = (function () {")
        .endsWith("export { greet, shout, Thing };\n")
        .doesNotContain("global.Lib");
  }

  @Test
  void syntaxOutsideTheSubsetFailsWithTheFileAndLine() throws Exception {
    write("index.js", "const a = 1;", "export default a;");
    Command run = bundle("index.js");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.output())
        .contains("index.js:2: only `import { a, b } from './x.js';`")
        .contains("export default a;");
    assertThat(dir.resolve("out/streamgate.js")).doesNotExist();

    write("index.js", "export function load() { return import('./late.js'); }");
    assertThat(bundle("index.js").output())
        .contains("index.js:1: import() and import.meta cannot be bundled");
  }

  @Test
  void modulesThatDoNotFitTogetherFailTheBuild() throws Exception {
    write("index.js", "import { missing } from './b.js';", "export const x = missing;");
    write("b.js", "export const present = 1;");
    assertThat(bundle("index.js").output())
        .contains("index.js imports missing, which b.js does not export");

    write(
        "index.js",
        "import { present } from './b.js';",
        "export const x = present;",
        "export const twice = 1;");
    write("b.js", "export const present = 1;", "export const twice = 2;");
    assertThat(bundle("index.js").output()).contains("twice is exported by both b.js and index.js");

    write("index.js", "import { b } from './b.js';", "export const a = b;");
    write("b.js", "import { a } from './index.js';", "export const b = 1;");
    assertThat(bundle("index.js").output()).contains("import cycle through index.js");
  }

  private void write(String name, String... lines) throws IOException {
    Files.write(dir.resolve(name), List.of(lines));
  }

  private Command bundle(String entry) {
    return Command.run(
        List.of(
            JAVA,
            "-cp",
            classes.toString(),
            "Bundle",
            dir.resolve(entry).toString(),
            dir.resolve("out").toString(),
            "Lib"),
        dir,
        Map.of());
  }
}
