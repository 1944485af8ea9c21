package dev.streamgate.cursor;

/**
 * Kafka's rule for legal topic names, checked here rather than by Kafka so that this package stays
 * free of Kafka imports and so that a decoded cursor can never name a topic Kafka would refuse.
 */
final class TopicNames {

  /** Kafka's own limit ({@code Topic.MAX_NAME_LENGTH}). */
  static final int MAX_LENGTH = 249;

  private TopicNames() {}

  /** Whether {@code name} is 1..249 characters of [a-zA-Z0-9._-] and neither "." nor "..". */
  static boolean isLegal(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!isLegalChar(name.charAt(i))) {
        return false;
      }
    }
    return !name.equals(".") && !name.equals("..");
  }

  /** Whether {@code c} may appear in a topic name; works for a raw byte widened to an int too. */
  static boolean isLegalChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == '-';
  }
}
