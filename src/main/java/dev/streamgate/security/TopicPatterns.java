package dev.streamgate.security;

import dev.streamgate.pattern.TopicGlob;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A set of topic glob patterns: {@code *} matches any run of characters, {@code ?} one character,
 * everything else itself. Globs rather than regular expressions because topic names already use
 * {@code .} as a separator ({@code prices.*} means what an operator expects) and because matching
 * is O(pattern × name) without recursion ({@link TopicGlob#matches}, the one glob of the project):
 * a pattern from a token claim cannot make the service backtrack for seconds.
 */
public final class TopicPatterns {

  private static final TopicPatterns NONE = new TopicPatterns(List.of());
  private static final TopicPatterns ALL = new TopicPatterns(List.of("*"));

  private final List<String> patterns;

  private TopicPatterns(List<String> patterns) {
    this.patterns = patterns;
  }

  /** Patterns from configuration; blank entries are ignored. */
  public static TopicPatterns of(Collection<String> patterns) {
    List<String> kept = new ArrayList<>();
    for (String pattern : patterns) {
      if (pattern != null && !pattern.isBlank()) {
        kept.add(pattern.strip());
      }
    }
    return new TopicPatterns(List.copyOf(kept));
  }

  /** Matches nothing. */
  public static TopicPatterns none() {
    return NONE;
  }

  /** Matches every name. */
  public static TopicPatterns all() {
    return ALL;
  }

  /** Whether {@code topic} matches at least one pattern. */
  public boolean matches(String topic) {
    if (topic == null) {
      return false;
    }
    for (String pattern : patterns) {
      if (TopicGlob.matches(pattern, topic)) {
        return true;
      }
    }
    return false;
  }

  /** The patterns, as configured. */
  public List<String> patterns() {
    return patterns;
  }

  @Override
  public String toString() {
    return patterns.toString();
  }
}
