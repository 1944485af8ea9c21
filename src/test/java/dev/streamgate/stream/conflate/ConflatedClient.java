package dev.streamgate.stream.conflate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import dev.streamgate.testing.EventSourceReader;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A page reading a conflated stream with a real SSE client (okhttp-eventsource, which resends its
 * last id on reconnect): it folds each record's envelope into a map, {@code topic/key → value}, a
 * {@code delete} removing its key, and keeps its map at every batch end and at {@code caught-up}
 * with the event's id, so a test can check each against the topic's fold up to that id. It can drop
 * its connection once inside a batch.
 */
final class ConflatedClient implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The map at a batch end or {@code caught-up}, with the id it must match. */
  record Point(String event, String id, Map<String, String> state, long atNanos, int events) {

    /** The map of one topic, key → value. */
    Map<String, String> state(String topic) {
      Map<String, String> of = new HashMap<>();
      state.forEach(
          (k, v) -> {
            if (k.startsWith(topic + "/")) {
              of.put(k.substring(topic.length() + 1), v);
            }
          });
      return of;
    }
  }

  private final EventSource source;
  private final EventSourceReader reader;
  private final Map<String, String> state = new HashMap<>();
  private final List<Point> points = new CopyOnWriteArrayList<>();
  private final Set<String> keysThisBatch = new HashSet<>();
  private final List<String> repeatedInABatch = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> beforeCaughtUp = new HashMap<>();
  private volatile boolean caughtUp;
  private volatile int records;
  private volatile int opens;
  private int inBatch;
  private int dropAfter = -1;
  private volatile String droppedAt;

  private ConflatedClient(String url) {
    this.source =
        new EventSource.Builder(ConnectStrategy.http(URI.create(url)))
            .retryDelay(100, TimeUnit.MILLISECONDS)
            .build();
    this.reader = EventSourceReader.start(source, this::onMessage);
  }

  /** Opens {@code url} (the stream's format must be {@code envelope}). */
  static ConflatedClient open(String url) {
    return new ConflatedClient(url);
  }

  /** Drops the connection once, right after the {@code n}-th record event of some batch. */
  synchronized void dropInsideABatchAfter(int n) {
    dropAfter = n;
  }

  private synchronized void onMessage(MessageEvent m) {
    String name = m.getEventName();
    switch (name) {
      case "stream-info" -> opens++;
      case "batch" -> point(m, "batch");
      case "caught-up" -> {
        point(m, "caught-up");
        caughtUp = true;
      }
      case "delete" -> record(m, true);
      case "snapshot", "gap", "reset", "token-expiring", "revoked", "topic-skipped" -> {}
      default -> record(m, false); // a record: "message", or its type
    }
  }

  private void record(MessageEvent m, boolean delete) {
    JsonNode envelope;
    try {
      envelope = JSON.readTree(m.getData());
    } catch (Exception e) {
      throw new AssertionError("not an envelope: " + m.getData(), e);
    }
    String key = envelope.get("topic").asText() + "/" + envelope.get("key").asText();
    if (delete) {
      state.remove(key);
    } else {
      state.put(key, envelope.get("value").asText());
    }
    if (!keysThisBatch.add(key)) {
      repeatedInABatch.add(key);
    }
    if (!caughtUp) {
      beforeCaughtUp.merge(key, 1, Integer::sum);
    }
    records++;
    inBatch++;
    if (inBatch == dropAfter) {
      dropAfter = -1;
      droppedAt = m.getLastEventId();
      source.interrupt();
    }
  }

  private void point(MessageEvent m, String event) {
    points.add(new Point(event, m.getLastEventId(), Map.copyOf(state), System.nanoTime(), inBatch));
    keysThisBatch.clear();
    inBatch = 0;
  }

  boolean caughtUp() {
    return caughtUp;
  }

  synchronized Map<String, String> state() {
    return new HashMap<>(state);
  }

  /** The map of one topic, key → value. */
  synchronized Map<String, String> state(String topic) {
    Map<String, String> of = new HashMap<>();
    state.forEach(
        (k, v) -> {
          if (k.startsWith(topic + "/")) {
            of.put(k.substring(topic.length() + 1), v);
          }
        });
    return of;
  }

  List<Point> points() {
    return new ArrayList<>(points);
  }

  /** Keys that came twice within one batch: never, for a conflated stream. */
  List<String> repeatedInABatch() {
    return List.copyOf(repeatedInABatch);
  }

  /** Per key, its events before {@code caught-up}. */
  synchronized Map<String, Integer> beforeCaughtUp() {
    return new HashMap<>(beforeCaughtUp);
  }

  int records() {
    return records;
  }

  int opens() {
    return opens;
  }

  /** The id of the event after which it dropped, or null. */
  String droppedAt() {
    return droppedAt;
  }

  boolean failed() {
    return reader.failed();
  }

  @Override
  public void close() {
    reader.close();
  }
}
