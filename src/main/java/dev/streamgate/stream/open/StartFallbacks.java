package dev.streamgate.stream.open;

import dev.streamgate.kafka.TopicCatalog;
import dev.streamgate.kafka.TopicSnapshot;
import dev.streamgate.start.StartPlanner;
import java.util.function.Function;

/**
 * Where a stream starts a topic for which it has no usable id, by its request: {@code since}
 * (Kafka's offsets for the time: blocking, on the open pool), {@code earliest}, a snapshot's latest
 * (moved to its key table's position when the lane opens), else {@code latest}.
 */
final class StartFallbacks {

  private StartFallbacks() {}

  static StartPlanner.Fallback of(StreamRequest request, TopicCatalog catalog) {
    if (request.sinceMillis().isPresent()) {
      long since = request.sinceMillis().get();
      return fallback("since", topic -> catalog.offsetsForTime(topic, since));
    }
    if (request.fromEarliest()) {
      return fallback("earliest", TopicSnapshot::earliest);
    }
    if (request.fromSnapshot()) {
      // the lanes start at the key table's position instead, chosen when they are opened
      return fallback(StartPlanner.SNAPSHOT, TopicSnapshot::latest);
    }
    return fallback("latest", TopicSnapshot::latest);
  }

  private static StartPlanner.Fallback fallback(
      String origin, Function<TopicSnapshot, long[]> offsets) {
    return new StartPlanner.Fallback() {
      @Override
      public String origin() {
        return origin;
      }

      @Override
      public long[] offsets(TopicSnapshot topic) {
        return offsets.apply(topic);
      }
    };
  }
}
