package dev.streamgate.failure;

import dev.streamgate.testing.SseParser;
import dev.streamgate.wire.EventTypes;
import java.util.Set;

/** The stream's control events (everything else is a record). */
final class ControlEvents {

  static final Set<String> NAMES = Set.copyOf(EventTypes.CONTROL);

  private ControlEvents() {}

  static boolean isControl(SseParser.SseEvent event) {
    return NAMES.contains(event.type());
  }
}
