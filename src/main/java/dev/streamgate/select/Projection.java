package dev.streamgate.select;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code fields} parameter: top-level names or dotted paths ({@code symbol,price,quote.bid}) of
 * a JSON object value; a stream sends only those. The projection keeps the value's own field order
 * and nesting ({@code quote.bid} gives {@code {"quote":{"bid":…}}}), leaves out paths the value
 * does not have, and a path whose prefix is also listed adds nothing. A value that is not a JSON
 * object (text, an array, a number, a tombstone) is sent unchanged.
 *
 * <p>Immutable and thread-safe. Its {@link #text()} is canonical (sorted, without duplicates), so
 * {@code price,symbol} and {@code symbol,price} share one evaluation and one frame.
 */
public final class Projection {

  /** One path segment: a JSON field name of 1 to 64 of these characters. */
  static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_$@-]{1,64}");

  static final int MAX_DEPTH = 8;

  /** Field name to its sub-projection; an empty map keeps the whole field. */
  private final Map<String, Map<String, ?>> tree;

  private final String text;

  private Projection(Map<String, Map<String, ?>> tree, String text) {
    this.tree = tree;
    this.text = text;
  }

  /**
   * Parses {@code fields}.
   *
   * @throws SelectionException for an empty list, a path that is empty, too deep or has other
   *     characters than {@code [A-Za-z0-9_$@-]}, or more than {@code maxFields} paths
   */
  public static Projection parse(String fields, int maxFields) {
    String[] paths = fields.split(",", -1);
    if (paths.length > maxFields) {
      throw refused(
          "The projection lists "
              + paths.length
              + " fields; at most "
              + maxFields
              + " are allowed");
    }
    Map<String, Map<String, ?>> tree = new TreeMap<>();
    List<String> canonical = new ArrayList<>();
    for (String raw : paths) {
      String path = raw.strip();
      String[] segments = path.split("\\.", -1);
      if (segments.length > MAX_DEPTH) {
        throw refused("A field path has at most " + MAX_DEPTH + " segments: " + quoted(path));
      }
      for (String segment : segments) {
        if (!SEGMENT.matcher(segment).matches()) {
          throw refused(
              "A field path is names of 1 to 64 of [A-Za-z0-9_$@-] joined by dots: "
                  + quoted(path));
        }
      }
      canonical.add(path);
      add(tree, segments, 0);
    }
    Collections.sort(canonical);
    return new Projection(tree, String.join(",", new java.util.LinkedHashSet<>(canonical)));
  }

  @SuppressWarnings("unchecked")
  private static void add(Map<String, Map<String, ?>> tree, String[] segments, int at) {
    Map<String, ?> existing = tree.get(segments[at]);
    if (existing != null && existing.isEmpty()) {
      return; // the whole field is kept already
    }
    if (at == segments.length - 1) {
      tree.put(segments[at], Map.of());
      return;
    }
    Map<String, Map<String, ?>> sub = (Map<String, Map<String, ?>>) existing;
    if (sub == null) {
      sub = new TreeMap<>();
      tree.put(segments[at], sub);
    }
    add(sub, segments, at + 1);
  }

  /** The canonical form: sorted, distinct paths joined by commas. */
  public String text() {
    return text;
  }

  /** The projected value, or null when {@code value} is not a JSON object (send it unchanged). */
  byte[] apply(JsonNode value) {
    if (value == null || !value.isObject()) {
      return null;
    }
    return JsonValues.write(project((ObjectNode) value, tree));
  }

  @SuppressWarnings("unchecked")
  private static ObjectNode project(ObjectNode value, Map<String, Map<String, ?>> keep) {
    ObjectNode out = JsonValues.JSON.createObjectNode();
    value
        .fields()
        .forEachRemaining(
            field -> {
              Map<String, ?> sub = keep.get(field.getKey());
              if (sub == null) {
                return;
              }
              if (sub.isEmpty()) {
                out.set(field.getKey(), field.getValue());
              } else if (field.getValue().isObject()) {
                out.set(
                    field.getKey(),
                    project((ObjectNode) field.getValue(), (Map<String, Map<String, ?>>) sub));
              }
            });
    return out;
  }

  private static String quoted(String path) {
    return "'" + (path.length() > 80 ? path.substring(0, 80) + "…" : path) + "'";
  }

  private static SelectionException refused(String detail) {
    return new SelectionException("Invalid fields", detail, SelectionException.Source.REQUEST);
  }
}
