package dev.streamgate.wire;

import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads a record's event type from its type header. A type is used only when it is a safe SSE token
 * and not one of the control event names, so that no producer can end an event early, add a field,
 * or impersonate a {@code reset} or {@code gap} in someone else's stream.
 */
public final class EventTypes {

  /** Names reserved for events the service itself sends. */
  static final Set<String> RESERVED =
      Set.of("stream-info", "caught-up", "gap", "reset", "heartbeat", "error");

  private EventTypes() {}

  /**
   * Whether {@code type} may be an event's {@code event:} field: a safe SSE token that is not a
   * control event name. The publish endpoint refuses any other type up front.
   */
  public static boolean isSendable(String type) {
    return SseFrames.isSafeType(type) && !RESERVED.contains(type);
  }

  /** The record's type, or {@code null} when it has none or none that may be sent. */
  public static String of(Headers headers, String headerName) {
    Header header = headers.lastHeader(headerName);
    if (header == null || header.value() == null) {
      return null;
    }
    String type = Utf8.decodeOrNull(header.value());
    if (type == null || !isSendable(type)) {
      return null;
    }
    return type;
  }
}
