package dev.streamgate.pattern;

import dev.streamgate.cursor.TopicNames;

/**
 * A topic pattern of a stream path segment: {@code *} matches any run of characters (none included,
 * {@code .} included: topic names have no hierarchy Kafka knows of), {@code ?} exactly one
 * character, every other character itself. The other characters are those of a topic name ({@link
 * TopicNames#RULE}); a pattern is 1 to 249 characters like a name. Matching is linear in practice
 * and O(pattern × name) at worst, without recursion, so no pattern can make the service backtrack
 * for long.
 *
 * @param text the pattern as written
 */
public record TopicGlob(String text) {

  /** The rule, as a refusal states it. */
  public static final String RULE =
      "A topic pattern is 1 to 249 characters of letters, digits, '.', '_', '-' and the wildcards"
          + " '*' (any run of characters) and '?' (one character)";

  public TopicGlob {
    if (!isValid(text)) {
      throw new IllegalArgumentException(RULE);
    }
  }

  /** Whether a path segment is meant as a pattern: it holds a {@code *} or a {@code ?}. */
  public static boolean isGlob(String segment) {
    return segment != null && (segment.indexOf('*') >= 0 || segment.indexOf('?') >= 0);
  }

  /** Whether {@code text} is a well-formed pattern (see the class header). */
  public static boolean isValid(String text) {
    if (!isGlob(text) || text.length() > 249) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '*' && c != '?' && c != '.' && !TopicNames.isLegal(String.valueOf(c))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code name} matches this pattern. */
  public boolean matches(String name) {
    return matches(text, name);
  }

  /**
   * Wildcard match with one back-tracking point: on a mismatch after a {@code *}, the star absorbs
   * one more character. O(pattern × name) in the worst case, no recursion. The allow-list and the
   * token claims ({@code security.TopicPatterns}) match with it too.
   */
  public static boolean matches(String pattern, String name) {
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
}
