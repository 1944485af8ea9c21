package dev.streamgate.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A set of topic glob patterns: {@code *} matches any run of characters, {@code ?} one character,
 * everything else itself. Globs rather than regular expressions because topic names already use
 * {@code .} as a separator ({@code prices.*} means what an operator expects) and because matching
 * is linear: a pattern from a token claim cannot make the service backtrack for seconds.
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
      if (glob(pattern, topic)) {
        return true;
      }
    }
    return false;
  }

  /** The patterns, as configured. */
  public List<String> patterns() {
    return patterns;
  }

  /**
   * Wildcard match with one back-tracking point: on a mismatch after a {@code *}, the star absorbs
   * one more character. O(pattern × name) in the worst case, no recursion.
   */
  static boolean glob(String pattern, String name) {
    int p = 0;
    int n = 0;
    int star = -1;
    int resume = 0;
    while (n < name.length()) {
      if (p < pattern.length()
          && (pattern.charAt(p) == '?' || pattern.charAt(p) == name.charAt(n))) {
        p++;
        n++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        resume = n;
      } else if (star >= 0) {
        p = star + 1;
        n = ++resume;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  @Override
  public String toString() {
    return patterns.toString();
  }
}
