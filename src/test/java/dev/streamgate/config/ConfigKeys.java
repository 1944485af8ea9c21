package dev.streamgate.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappingInterface.Property;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigMappings.ConfigClass;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code streamgate.*} keys that a set of {@code @ConfigMapping} interfaces declares, each with
 * its Java type, its default and its Javadoc, as SmallRye reads the mappings and as their sources
 * say them. Run as a program on {@code StreamgateConfig} at c46c950 it wrote the fixture that
 * {@link ConfigKeysTest} holds today's mappings to ({@code config/streamgate-keys-c46c950.txt}).
 */
final class ConfigKeys {

  /** One key as its mapping declares it. */
  record Key(String name, String type, String defaultValue, String doc, Class<?> mapping) {

    String describe() {
      return name + "\n  type: " + type + "\n  default: " + defaultValue + "\n  doc: " + doc + "\n";
    }
  }

  private static final Pattern INTERFACE =
      Pattern.compile("^(?:public )?(?:static )?(?:interface|enum) (\\w+)\\b.*\\{(\\})?$");
  private static final Pattern METHOD = Pattern.compile("^[\\w<>,.? ]+\\s(\\w+)\\(\\);$");
  private static final Pattern LINK = Pattern.compile("\\{@link [\\w.]*#");

  private ConfigKeys() {}

  /** The {@code @ConfigMapping} interfaces compiled into {@code classes} (a class-path root). */
  static List<Class<?>> mappings(Path classes) throws IOException {
    List<Class<?>> mappings = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
        String name = classes.relativize(file).toString().replace('/', '.');
        Class<?> type;
        try {
          type =
              Class.forName(
                  name.substring(0, name.length() - ".class".length()),
                  false,
                  ConfigKeys.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
          continue;
        }
        if (type.isInterface() && type.isAnnotationPresent(ConfigMapping.class)) {
          mappings.add(type);
        }
      }
    }
    return mappings;
  }

  /**
   * Every key of these mappings by name, read from the mappings with SmallRye and from their
   * sources under {@code sources} (a source root) for the Javadoc.
   *
   * @throws IllegalStateException when two mappings declare the same key
   */
  static Map<String, Key> keys(List<Class<?>> mappings, Path sources) {
    Map<String, Key> keys = new TreeMap<>();
    Map<Path, Map<String, String>> docs = new HashMap<>();
    for (Class<?> mapping : mappings) {
      String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
      for (Map.Entry<String, Property> e :
          ConfigMappings.getProperties(new ConfigClass(mapping, prefix)).entrySet()) {
        if (e.getKey().contains("[*]")) {
          continue; // a list's indexed form of a key listed on its own
        }
        Property property = e.getValue();
        Method method = property.getMethod();
        Class<?> declaring = method.getDeclaringClass();
        Path source = sourceOf(declaring, sources);
        String doc =
            docs.computeIfAbsent(source, ConfigKeys::javadocs)
                .get(declaring.getSimpleName() + "#" + method.getName());
        Key key =
            new Key(
                e.getKey(),
                method.getGenericReturnType().getTypeName(),
                property.hasDefaultValue() ? property.getDefaultValue() : "(none)",
                doc == null ? "(none)" : doc,
                mapping);
        Key before = keys.put(key.name(), key);
        if (before != null && before.mapping() != mapping) {
          throw new IllegalStateException(
              key.name() + " is declared twice: in " + before.mapping() + " and " + mapping);
        }
      }
    }
    return keys;
  }

  /** The keys as the fixture writes them, in name order. */
  static String describe(Iterable<Key> keys) {
    StringBuilder text = new StringBuilder();
    keys.forEach(k -> text.append(k.describe()));
    return text.toString();
  }

  private static Path sourceOf(Class<?> type, Path sources) {
    Class<?> top = type;
    while (top.getEnclosingClass() != null) {
      top = top.getEnclosingClass();
    }
    return sources.resolve(top.getName().replace('.', '/') + ".java");
  }

  /**
   * The Javadoc of each method of each interface in a mapping's source, by {@code Interface#method}
   * (the innermost interface's simple name), with its whitespace collapsed and {@code {@link
   * Type#member}} written {@code {@link #member}}, so that a key whose link now names a sibling
   * mapping reads the same. Reads the sources as the build's formatter writes them.
   */
  static Map<String, String> javadocs(Path source) {
    List<String> lines;
    try {
      lines = Files.readAllLines(source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> docs = new HashMap<>();
    Deque<String> scopes = new ArrayDeque<>();
    List<String> doc = null;
    String pending = null;
    for (String line : lines) {
      String t = line.strip();
      if (doc != null || t.startsWith("/**")) {
        doc = doc == null ? new ArrayList<>() : doc;
        doc.add(t);
        if (t.endsWith("*/")) {
          pending = normalise(doc);
          doc = null;
        }
        continue;
      }
      Matcher type = INTERFACE.matcher(t);
      Matcher method = METHOD.matcher(t);
      if (type.find()) {
        if (type.group(2) == null) {
          scopes.push(type.group(1));
        }
        pending = null;
      } else if (t.equals("}")) {
        scopes.pop();
      } else if (method.find() && !scopes.isEmpty()) {
        docs.put(scopes.peek() + "#" + method.group(1), pending);
        pending = null;
      } else if (!t.startsWith("@") && !t.isEmpty()) {
        pending = null;
      }
    }
    return docs;
  }

  private static String normalise(List<String> lines) {
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      String t = line;
      t = t.startsWith("/**") ? t.substring(3) : t;
      t = t.endsWith("*/") ? t.substring(0, t.length() - 2) : t;
      t = t.startsWith("*") ? t.substring(1) : t;
      text.append(' ').append(t);
    }
    return LINK.matcher(text.toString().replaceAll("\\s+", " ").strip()).replaceAll("{@link #");
  }

  /**
   * Prints the keys of the mappings named by {@code args[1..]}, their sources under {@code
   * args[0]}: how the fixture was written from {@code StreamgateConfig} as it stood at c46c950.
   */
  public static void main(String[] args) throws ClassNotFoundException {
    List<Class<?>> mappings = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      mappings.add(Class.forName(args[i]));
    }
    System.out.print(describe(keys(mappings, Path.of(args[0])).values()));
  }
}
