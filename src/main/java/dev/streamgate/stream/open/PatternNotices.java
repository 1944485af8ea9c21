package dev.streamgate.stream.open;

import dev.streamgate.wire.EventEncoder;
import dev.streamgate.wire.PatternBodies;
import java.io.ByteArrayOutputStream;
import java.util.List;

/** The {@code topic-skipped} events a resumed pattern stream opens with (beyond max-topics). */
final class PatternNotices {

  private PatternNotices() {}

  static byte[] skipped(byte[] opening, EventEncoder encoder, String id, List<String> skipped) {
    if (skipped.isEmpty()) {
      return opening;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(opening);
    for (String topic : skipped) {
      out.writeBytes(
          encoder.control(
              "topic-skipped",
              id,
              PatternBodies.skipped(
                  topic, "max-topics", "The stream already reads max-topics topics")));
    }
    return out.toByteArray();
  }
}
