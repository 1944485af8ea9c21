package dev.streamgate.pattern;

import dev.streamgate.cursor.TopicNames;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What a stream path of plain names and patterns stands for, against a list of topics: the plain
 * names (always, in request order; their existence and access are checked elsewhere), then every
 * topic of the list that a pattern matches, the caller may read and is not internal, in name order,
 * bounded by {@code max}. Pure: the list and the access rule come in.
 *
 * @param names the plain names of the path, in order
 * @param globs the patterns of the path
 */
public record TopicMatch(List<String> names, List<TopicGlob> globs) {

  public TopicMatch {
    names = List.copyOf(names);
    globs = List.copyOf(globs);
  }

  /** Splits the path's segments (already validated) into names and patterns. */
  public static TopicMatch of(List<String> segments) {
    List<String> names = new ArrayList<>();
    List<TopicGlob> globs = new ArrayList<>();
    for (String segment : segments) {
      if (TopicGlob.isGlob(segment)) {
        globs.add(new TopicGlob(segment));
      } else {
        names.add(segment);
      }
    }
    return new TopicMatch(names, globs);
  }

  /** Whether the path holds at least one pattern. */
  public boolean hasPatterns() {
    return !globs.isEmpty();
  }

  /** Whether a pattern matches {@code topic} and it may be served to this caller. */
  public boolean matches(String topic, Predicate<String> readable) {
    if (TopicNames.isInternal(topic) || !readable.test(topic)) {
      return false;
    }
    for (TopicGlob glob : globs) {
      if (glob.matches(topic)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The topics of the stream and those a pattern matched beyond {@code max}.
   *
   * @param listed the topics that exist (from a listing)
   * @param readable whether the caller may read a topic
   * @param preferred topics kept first when the match is cut at {@code max} (those of the client's
   *     id, so that a resume keeps what the stream read)
   * @param max most topics of the stream
   */
  public Resolution resolve(
      Collection<String> listed, Predicate<String> readable, Set<String> preferred, int max) {
    Set<String> topics = new LinkedHashSet<>(names);
    Set<String> matched = new TreeSet<>();
    for (String topic : listed) {
      if (!topics.contains(topic) && matches(topic, readable)) {
        matched.add(topic);
      }
    }
    List<String> skipped = new ArrayList<>();
    List<String> ordered = new ArrayList<>();
    matched.stream().filter(preferred::contains).forEach(ordered::add);
    matched.stream().filter(t -> !preferred.contains(t)).forEach(ordered::add);
    for (String topic : ordered) {
      if (topics.size() < max) {
        topics.add(topic);
      } else {
        skipped.add(topic);
      }
    }
    List<String> result = new ArrayList<>(names);
    matched.stream().filter(topics::contains).forEach(result::add);
    return new Resolution(List.copyOf(result), List.copyOf(new TreeSet<>(skipped)));
  }

  /**
   * A resolved path.
   *
   * @param topics the stream's topics: plain names in request order, then matches in name order
   * @param skipped matching topics left out because the stream has {@code max} topics
   */
  public record Resolution(List<String> topics, List<String> skipped) {}
}
