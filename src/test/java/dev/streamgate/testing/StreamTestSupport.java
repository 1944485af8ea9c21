package dev.streamgate.testing;

import static org.awaitility.Awaitility.await;

import dev.streamgate.wire.EventTypes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Shared steps of the stream tests: open, wait for events, read what was delivered. */
public final class StreamTestSupport {

  public static final Duration TIMEOUT = Duration.ofSeconds(30);

  private StreamTestSupport() {}

  /** Record events (not control events) of a stream in envelope format, as delivered records. */
  public static List<Delivered> records(SseStream stream) {
    return stream.events().stream()
        .filter(e -> !StreamTestSupport.isControl(e))
        .map(e -> Delivered.fromEnvelope(e.data()))
        .toList();
  }

  public static boolean isControl(SseParser.SseEvent event) {
    return EventTypes.CONTROL.contains(event.type());
  }

  /** Waits until the stream has delivered at least {@code count} records. */
  public static List<Delivered> awaitRecords(SseStream stream, int count) {
    await().atMost(TIMEOUT).until(() -> records(stream).size() >= count);
    return records(stream);
  }

  public static SseParser.SseEvent awaitEvent(SseStream stream, String type) {
    return awaitEvent(stream, e -> e.type().equals(type));
  }

  public static SseParser.SseEvent awaitEvent(
      SseStream stream, Predicate<SseParser.SseEvent> match) {
    await().atMost(TIMEOUT).until(() -> stream.events().stream().anyMatch(match));
    return stream.events().stream().filter(match).findFirst().orElseThrow();
  }

  /** Opens a stream whose events carry the given id as Last-Event-ID, as a reconnecting browser. */
  public static SseStream resume(String url, String lastEventId) {
    return SseStream.open(url, Map.of("Last-Event-ID", lastEventId));
  }
}
