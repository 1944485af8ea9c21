package dev.streamgate.stream.pod;

import dev.streamgate.stream.delivery.CloseReason;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The two log lines of a stream: one when it opens (topics, how each started, the start id, the
 * stream's id on the pod, as {@code GET /admin/streams} lists it) and one when it closes (outcome,
 * duration, what it delivered). The fields are also put in the MDC for the line, so the JSON log of
 * the prod profile carries them as fields ({@code mdc.topics}, {@code mdc.outcome}, …) for log
 * queries. Silence them with {@code
 * quarkus.log.category."dev.streamgate.stream.pod.StreamLog".level=WARN}.
 */
public final class StreamLog {

  private static final Logger LOG = Logger.getLogger(StreamLog.class);
  private static final List<String> KEYS =
      List.of(
          "event",
          "stream",
          "topics",
          "start",
          "startId",
          "format",
          "outcome",
          "durationMs",
          "events",
          "bytes");

  private final String topics;
  private final String start;
  private final String startId;
  private final String format;
  private String id;
  private long openedAt;

  /**
   * @param topics the stream's topics, in request order
   * @param starts per topic, how it started: {@code latest}, {@code earliest}, {@code since}, or
   *     for a stream that sent an id its resume outcome ({@code resume:window}, {@code
   *     resume:catch-up}, {@code resume:gap}, {@code reset:latest}, …)
   * @param startId the id of the start position
   * @param format the wire format
   */
  public StreamLog(List<String> topics, Map<String, String> starts, String startId, String format) {
    this.topics = String.join(",", topics);
    StringBuilder s = new StringBuilder();
    starts.forEach(
        (topic, how) -> s.append(s.length() == 0 ? "" : ",").append(topic).append('=').append(how));
    this.start = s.toString();
    this.startId = startId;
    this.format = format;
  }

  void opened(String id) {
    this.id = id;
    openedAt = System.nanoTime();
    if (!LOG.isInfoEnabled()) {
      return;
    }
    try {
      put();
      MDC.put("event", "stream-open");
      LOG.infof(
          "Stream opened: topics=%s start=%s id=%s format=%s stream=%s",
          topics, start, startId, format, id);
    } finally {
      KEYS.forEach(MDC::remove);
    }
  }

  /** Logs the close; returns the stream's duration in nanoseconds. */
  long closed(CloseReason reason, long events, long bytes) {
    long nanos = System.nanoTime() - openedAt;
    if (!LOG.isInfoEnabled()) {
      return nanos;
    }
    long millis = nanos / 1_000_000;
    try {
      put();
      MDC.put("event", "stream-close");
      MDC.put("outcome", reason.tag());
      MDC.put("durationMs", Long.toString(millis));
      MDC.put("events", Long.toString(events));
      MDC.put("bytes", Long.toString(bytes));
      LOG.infof(
          "Stream closed: topics=%s outcome=%s duration=%d.%03ds events=%d bytes=%d stream=%s",
          topics, reason.tag(), millis / 1000, millis % 1000, events, bytes, id);
    } finally {
      KEYS.forEach(MDC::remove);
    }
    return nanos;
  }

  private void put() {
    MDC.put("stream", id);
    MDC.put("topics", topics);
    MDC.put("start", start);
    MDC.put("startId", startId);
    MDC.put("format", format);
  }
}
