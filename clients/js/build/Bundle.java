import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bundles the browser client's ES modules (clients/js/src) into the two files every Streamgate
 * instance serves: {@code streamgate.js}, a classic script that defines one global, and {@code
 * streamgate.mjs}, one ES module. Maven runs it at generate-resources with the JDK's source
 * launcher, so building the service needs a JDK and nothing else (no Node.js):
 *
 * <pre>java Bundle.java ENTRY OUT_DIR GLOBAL</pre>
 *
 * <p>It needs no JavaScript parser because the modules keep to a line-based subset, and anything
 * outside it fails the build with the file and line:
 *
 * <ul>
 *   <li>{@code import { a, b } from './x.js';} on one line: relative, names only, no renaming;
 *   <li>{@code export function|async function|class|const NAME} at the start of a line;
 *   <li>{@code export { a, b };} names only (the entry's re-exports).
 * </ul>
 *
 * <p>Each module becomes a function that returns its exports, called once in dependency order, so
 * one module's private names never meet another's; an imported name a module does not export, two
 * modules exporting one name, and an import cycle are errors. The entry's exports become the
 * global's properties (classic) or the bundle's exports (module). Lines are copied unchanged.
 */
public final class Bundle {

  private static final String NAME = "[A-Za-z_$][\\w$]*";
  private static final String NAMES = NAME + "(?:\\s*,\\s*" + NAME + ")*";
  private static final Pattern IMPORT =
      Pattern.compile("^import \\{\\s*(" + NAMES + ")\\s*\\} from '(\\./[\\w./-]+\\.js)';\\s*$");
  private static final Pattern EXPORT_DECLARATION =
      Pattern.compile("^export ((?:async )?function\\*? |class |const )(" + NAME + ")");
  private static final Pattern EXPORT_LIST =
      Pattern.compile("^export \\{\\s*(" + NAMES + ")\\s*\\};\\s*$");
  private static final Pattern MODULE_SYNTAX = Pattern.compile("^\\s*(import|export)\\b");
  private static final Pattern DYNAMIC = Pattern.compile("\\bimport\\s*\\(|\\bimport\\.meta\\b");

  /** One module: its file name, the names it imports from each module, its exports, its body. */
  record Module(
      String name, Map<String, List<String>> imports, List<String> exports, List<String> body) {

    /** Whether this module imports the name (and so may re-export it). */
    boolean imports(String export) {
      return imports.values().stream().anyMatch(names -> names.contains(export));
    }

    /** The exports it declares itself, in order: its function's result. */
    List<String> declared() {
      return exports.stream().filter(name -> !imports(name)).toList();
    }
  }

  /** A module outside the subset, or modules that do not fit together. */
  static final class BundleException extends Exception {
    BundleException(String message) {
      super(message);
    }
  }

  private final Map<Path, Module> ordered = new LinkedHashMap<>();
  private final Set<Path> visiting = new HashSet<>();

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: java Bundle.java ENTRY OUT_DIR GLOBAL");
      System.exit(2);
    }
    Path entry = Path.of(args[0]).toAbsolutePath().normalize();
    Path out = Path.of(args[1]);
    try {
      Bundle bundle = new Bundle();
      bundle.load(entry);
      Files.createDirectories(out);
      write(out.resolve("streamgate.js"), bundle.classic(entry, args[2]));
      write(out.resolve("streamgate.mjs"), bundle.module(entry));
      System.out.println(
          "Bundled " + bundle.ordered.size() + " modules into " + out + "/streamgate.{js,mjs}");
    } catch (BundleException e) {
      System.err.println("streamgate client bundle: " + e.getMessage());
      System.exit(1);
    }
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** Reads a module and, first, the modules it imports. */
  void load(Path file) throws IOException, BundleException {
    if (ordered.containsKey(file)) {
      return;
    }
    if (!visiting.add(file)) {
      throw new BundleException("import cycle through " + file.getFileName());
    }
    if (!Files.isRegularFile(file)) {
      throw new BundleException("no module " + file);
    }
    Module module = parse(file.getFileName().toString(), Files.readAllLines(file));
    for (String imported : module.imports().keySet()) {
      load(file.resolveSibling(imported).normalize());
    }
    for (Map.Entry<String, List<String>> imported : module.imports().entrySet()) {
      Module from = ordered.get(file.resolveSibling(imported.getKey()).normalize());
      for (String name : imported.getValue()) {
        if (!from.exports().contains(name)) {
          throw new BundleException(
              module.name() + " imports " + name + ", which " + from.name() + " does not export");
        }
      }
    }
    for (Module other : ordered.values()) {
      for (String name : module.exports()) {
        if (other.exports().contains(name) && !module.imports(name)) {
          throw new BundleException(
              name + " is exported by both " + other.name() + " and " + module.name());
        }
      }
    }
    visiting.remove(file);
    ordered.put(file, module);
  }

  static Module parse(String name, List<String> lines) throws BundleException {
    Map<String, List<String>> imports = new LinkedHashMap<>();
    List<String> exports = new ArrayList<>();
    List<String> body = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String where = name + ":" + (i + 1) + ": ";
      if (DYNAMIC.matcher(line).find()) {
        throw new BundleException(where + "import() and import.meta cannot be bundled");
      }
      Matcher m;
      if ((m = IMPORT.matcher(line)).matches()) {
        imports.computeIfAbsent(m.group(2), k -> new ArrayList<>()).addAll(names(m.group(1)));
      } else if ((m = EXPORT_DECLARATION.matcher(line)).find()) {
        exports.add(m.group(2));
        body.add(line.substring("export ".length()));
      } else if ((m = EXPORT_LIST.matcher(line)).matches()) {
        exports.addAll(names(m.group(1)));
      } else if (MODULE_SYNTAX.matcher(line).find()) {
        throw new BundleException(
            where
                + "only `import { a, b } from './x.js';`, `export function|class|const NAME` and"
                + " `export { a, b };` can be bundled: "
                + line.strip());
      } else {
        body.add(line);
      }
    }
    return new Module(name, imports, exports, body);
  }

  private static List<String> names(String list) {
    return List.of(list.trim().split("\\s*,\\s*"));
  }

  /** The classic script: one function scope, the entry's exports on {@code global[name]}. */
  String classic(Path entry, String global) {
    StringBuilder out =
        new StringBuilder(header("streamgate.js", "a classic script: global " + global));
    out.append("(function (global) {\n'use strict';\n\n");
    modules(out);
    out.append("global.")
        .append(global)
        .append(" = { ")
        .append(String.join(", ", ordered.get(entry).exports()))
        .append(" };\n})(typeof window !== 'undefined' ? window : globalThis);\n");
    return out.toString();
  }

  /** The same modules as one ES module, exporting what the entry exports. */
  String module(Path entry) {
    StringBuilder out = new StringBuilder(header("streamgate.mjs", "one ES module"));
    modules(out);
    out.append("export { ").append(String.join(", ", ordered.get(entry).exports())).append(" };\n");
    return out.toString();
  }

  private static String header(String file, String what) {
    return "// "
        + file
        + ": the Streamgate browser client (docs/client.md), "
        + what
        + ".\n// Built from clients/js/src by clients/js/build/Bundle.java: edit the sources, not"
        + " this file.\n\n";
  }

  private void modules(StringBuilder out) {
    for (Module module : ordered.values()) {
      String exports = String.join(", ", module.declared());
      out.append("// ---- ").append(module.name()).append('\n');
      out.append("const { ").append(exports).append(" } = (function () {\n");
      module.body().forEach(line -> out.append(line).append('\n'));
      out.append("return { ").append(exports).append(" };\n})();\n\n");
    }
  }
}
