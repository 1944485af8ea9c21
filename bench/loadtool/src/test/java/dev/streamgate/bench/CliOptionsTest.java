package dev.streamgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every subcommand's options as bench/run-all and bench/scripts pass them: the usage help (names,
 * descriptions) and the value each option has when it is not given, against cli-options.txt.
 * A change to an option's name, default or help text must change that file on purpose.
 * {@code -Dcli-options.write=<path>} writes the current dump there instead of comparing.
 */
class CliOptionsTest {

  @Test
  void optionsNamesDefaultsAndHelpAreUnchanged() throws Exception {
    String now = dump();
    String write = System.getProperty("cli-options.write");
    if (write != null) {
      Files.writeString(Path.of(write), now, StandardCharsets.UTF_8);
      return;
    }
    String expected;
    try (InputStream in = CliOptionsTest.class.getResourceAsStream("cli-options.txt")) {
      expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertEquals(expected, now);
  }

  /** Per subcommand: usage help, then each option's type and value after a parse of only the required options. */
  static String dump() {
    StringBuilder sb = new StringBuilder();
    Map<String, CommandLine> subs = new TreeMap<>(new CommandLine(new LoadTool()).getSubcommands());
    for (String name : subs.keySet()) {
      sb.append("=== ").append(name).append('\n');
      sb.append(subs.get(name).getUsageMessage(CommandLine.Help.Ansi.OFF));
      List<String> required = new ArrayList<>();
      for (OptionSpec o : subs.get(name).getCommandSpec().options()) {
        if (o.required()) {
          required.add(o.longestName());
          required.add(o.type() == long.class || o.type() == int.class || o.type() == double.class ? "7" : "x");
        }
      }
      for (OptionSpec o : parsed(name, required)) {
        sb.append(String.format("%s required=%s arity=%s split=%s type=%s aux=%s value=%s%n",
            Arrays.toString(o.names()), o.required(), o.arity(), o.splitRegex(), o.type().getName(),
            Arrays.toString(o.auxiliaryTypes()), (Object) o.getValue()));
      }
      List<String> lists = new ArrayList<>(required);
      for (OptionSpec o : subs.get(name).getCommandSpec().options()) {
        if (!o.splitRegex().isEmpty()) {
          lists.add(o.longestName());
          lists.add("1,2");
          lists.add(o.longestName());
          lists.add("3");
        }
      }
      for (OptionSpec o : parsed(name, lists)) {
        if (!o.splitRegex().isEmpty()) sb.append("given ").append(o.longestName()).append(" 1,2 and 3 -> ").append((Object) o.getValue()).append('\n');
      }
    }
    return sb.toString();
  }

  /** A fresh tool parsing {@code loadtool <name> args...}: the subcommand's options, sorted by name. */
  private static List<OptionSpec> parsed(String name, List<String> args) {
    List<String> all = new ArrayList<>();
    all.add(name);
    all.addAll(args);
    CommandLine.ParseResult pr = new CommandLine(new LoadTool()).parseArgs(all.toArray(new String[0]));
    List<OptionSpec> opts = new ArrayList<>(pr.subcommand().commandSpec().options());
    opts.sort(Comparator.comparing(OptionSpec::longestName));
    return opts;
  }
}
