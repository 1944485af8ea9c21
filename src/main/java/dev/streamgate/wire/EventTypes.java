package dev.streamgate.wire;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads a record's event type from its type header. A type is used only when it is a safe SSE token
 * and not one of the control event names, so that no producer can end an event early, add a field,
 * or impersonate a {@code reset} or {@code gap} in someone else's stream.
 */
public final class EventTypes {

  /** The control events a stream sends besides records, in the order the docs list them. */
  public static final List<String> CONTROL =
      List.of(
          "stream-info",
          "snapshot",
          "caught-up",
          "gap",
          "reset",
          "token-expiring",
          "revoked",
          "topic-skipped",
          "decode-error");

  /**
   * Names reserved for events the service itself sends: the control events, and names kept for what
   * streams may send (tombstones as {@code delete}) or clients expect ({@code error}).
   */
  public static final Set<String> RESERVED = reserved();

  private static Set<String> reserved() {
    Set<String> names = new TreeSet<>(CONTROL);
    names.addAll(List.of("heartbeat", "error", "delete"));
    return Collections.unmodifiableSet(names);
  }

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
