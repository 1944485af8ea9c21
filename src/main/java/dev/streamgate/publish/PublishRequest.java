package dev.streamgate.publish;

import dev.streamgate.cursor.TopicNames;
import dev.streamgate.problem.ProblemException;
import dev.streamgate.wire.EventTypes;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A validated publish: everything a client can get wrong is refused here, before Kafka is asked
 * anything. Pure logic.
 *
 * @param topic the topic, a legal Kafka name
 * @param key the record key as UTF-8, or null
 * @param type the event type to put in the type header, or null
 * @param value the record value (the request body)
 */
record PublishRequest(String topic, byte[] key, String type, byte[] value) {

  /** The limits a request is checked against. */
  record Limits(int maxKeyBytes, int maxValueBytes) {}

  static PublishRequest parse(String topic, String key, String type, byte[] value, Limits limits) {
    if (!TopicNames.isLegal(topic)) {
      throw bad("Invalid topic name", TopicNames.RULE);
    }
    byte[] body = value == null ? new byte[0] : value;
    if (body.length > limits.maxValueBytes()) {
      throw tooLarge(limits.maxValueBytes());
    }
    byte[] keyBytes = null;
    if (key != null && !key.isEmpty()) {
      if (!isPrintable(key)) {
        throw bad("Invalid key", "A key may not contain control characters or unpaired surrogates");
      }
      keyBytes = key.getBytes(StandardCharsets.UTF_8);
      if (keyBytes.length > limits.maxKeyBytes()) {
        throw bad("Invalid key", "A key is at most " + limits.maxKeyBytes() + " bytes of UTF-8");
      }
    }
    String eventType = type == null || type.isEmpty() ? null : type;
    if (eventType != null && !EventTypes.isSendable(eventType)) {
      throw bad(
          "Invalid type",
          "A type is 1 to 128 characters of [A-Za-z0-9._:/+-] and not a control event name"
              + " ("
              + String.join(", ", EventTypes.RESERVED)
              + ")");
    }
    return new PublishRequest(topic, keyBytes, eventType, body);
  }

  /** The 413 answer for a value above the cap. */
  static ProblemException tooLarge(int maxValueBytes) {
    return new ProblemException(
        413, "Value too large", "An event value is at most " + maxValueBytes + " bytes", Map.of());
  }

  private static boolean isPrintable(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isISOControl(c)) {
        return false;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < key.length()
          && Character.isLowSurrogate(key.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static ProblemException bad(String title, String detail) {
    return new ProblemException(400, title, detail, Map.of());
  }
}
