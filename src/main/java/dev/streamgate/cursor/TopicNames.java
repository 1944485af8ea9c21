package dev.streamgate.cursor;

/**
 * Kafka's rules for topic names, the one place the service states them: the stream path, the
 * publish path and the cursor codec all check names here. Checked here rather than by Kafka so that
 * this package stays free of Kafka imports and so that a decoded cursor can never name a topic
 * Kafka would refuse.
 */
public final class TopicNames {

  /** The rule, as a refusal states it. */
  public static final String RULE =
      "Topic names are 1 to 249 characters of letters, digits, '.', '_' and '-'";

  /** Kafka's own limit ({@code Topic.MAX_NAME_LENGTH}). */
  static final int MAX_LENGTH = 249;

  private TopicNames() {}

  /** Whether {@code name} is 1..249 characters of [a-zA-Z0-9._-] and neither "." nor "..". */
  public static boolean isLegal(String name) {
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

  /**
   * Whether {@code topic} is internal by name: {@code __consumer_offsets}, {@code
   * __transaction_state} and every other {@code __} topic are Kafka's or a framework's, never
   * served, whatever an allow-list or a token says. (Kafka's own "internal" flag is honoured as
   * well where a topic's description is at hand.)
   */
  public static boolean isInternal(String topic) {
    return topic.startsWith("__");
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
