package dev.streamgate.stream.open;

import dev.streamgate.conflate.ConflateWindow;
import dev.streamgate.cursor.TopicNames;
import dev.streamgate.pattern.TopicGlob;
import dev.streamgate.pattern.TopicMatch;
import dev.streamgate.problem.Problems;
import dev.streamgate.start.StartMode;
import dev.streamgate.stream.delivery.RecordFilter;
import dev.streamgate.wire.Format;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A validated stream request. Everything a client can get wrong is rejected here with a 400
 * problem, before Kafka is asked anything and before any stream byte is written.
 *
 * @param topics requested topics and topic patterns, duplicates removed, order kept
 * @param lastEventId the id to resume after ({@code Last-Event-ID} header, else {@code lastEventId}
 *     query)
 * @param sinceMillis start at the first records at or after this instant, when there is no id
 * @param fromEarliest start at the earliest retained records instead of the live head
 * @param format the wire format
 * @param filter key and type filters
 * @param filterText the {@code filter} query: a CEL expression, compiled by the HTTP edge's
 *     selections into the filter's selection
 * @param fields the {@code fields} query: the projection of JSON values
 * @param fromSnapshot {@code from=snapshot}: the latest record of every key first, then live
 * @param conflate {@code conflate}: per window, the latest record of each key that changed
 */
public record StreamRequest(
    List<String> topics,
    Optional<String> lastEventId,
    Optional<Long> sinceMillis,
    boolean fromEarliest,
    Format format,
    RecordFilter filter,
    Optional<String> filterText,
    Optional<String> fields,
    boolean fromSnapshot,
    Optional<ConflateWindow> conflate) {

  /** The raw inputs as they arrive over HTTP; any of them may be null. */
  public record Raw(
      String topics,
      String lastEventIdHeader,
      String lastEventIdQuery,
      String since,
      String from,
      String format,
      List<String> keys,
      List<String> types,
      String filter,
      String fields,
      String accept,
      String conflate) {}

  /** Where the stream starts when it has no usable id. */
  StartMode startMode() {
    if (sinceMillis.isPresent()) {
      return StartMode.SINCE;
    }
    if (fromSnapshot) {
      return StartMode.SNAPSHOT;
    }
    return fromEarliest ? StartMode.EARLIEST : StartMode.LATEST;
  }

  /** The path's plain topic names and patterns ({@code *}, {@code ?}): see docs/api.md. */
  public TopicMatch match() {
    return TopicMatch.of(topics);
  }

  public static StreamRequest parse(Raw raw, int maxTopics) {
    List<String> topics = topics(raw.topics(), maxTopics);
    Optional<String> id = firstPresent(raw.lastEventIdHeader(), raw.lastEventIdQuery());
    Optional<Long> since = Optional.ofNullable(blankToNull(raw.since())).map(StreamRequest::since);
    String from = from(raw.from());
    Format format = format(raw.format(), raw.accept());
    RecordFilter filter = new RecordFilter(values(raw.keys()), values(raw.types()));
    return new StreamRequest(
        topics,
        id,
        since,
        from.equals("earliest"),
        format,
        filter,
        Optional.ofNullable(blankToNull(raw.filter())),
        Optional.ofNullable(blankToNull(raw.fields())),
        from.equals("snapshot"),
        Optional.ofNullable(blankToNull(raw.conflate())).map(StreamRequest::conflate));
  }

  /** The same request with its filters' selection, once compiled. */
  public StreamRequest with(RecordFilter filter) {
    return new StreamRequest(
        topics,
        lastEventId,
        sinceMillis,
        fromEarliest,
        format,
        filter,
        filterText,
        fields,
        fromSnapshot,
        conflate);
  }

  private static List<String> topics(String path, int maxTopics) {
    if (path == null || path.isBlank()) {
      throw Problems.badRequest(
          "No topic", "Name at least one topic: /streams/{topic}[,{topic}...]");
    }
    Set<String> topics = new LinkedHashSet<>();
    for (String topic : path.split(",", -1)) {
      if (TopicGlob.isGlob(topic) && !TopicGlob.isValid(topic)) {
        throw Problems.badRequest("Invalid topic pattern", TopicGlob.RULE);
      }
      if (!TopicGlob.isGlob(topic) && !TopicNames.isLegal(topic)) {
        throw Problems.badRequest("Invalid topic name", TopicNames.RULE);
      }
      topics.add(topic);
      if (topics.size() > maxTopics) {
        throw Problems.badRequest(
            "Too many topics", "A stream may name at most " + maxTopics + " topics");
      }
    }
    return List.copyOf(topics);
  }

  private static Optional<String> firstPresent(String header, String query) {
    String id = blankToNull(header);
    return Optional.ofNullable(id != null ? id : blankToNull(query));
  }

  private static long since(String value) {
    if (value.chars().allMatch(Character::isDigit) && value.length() <= 15) {
      return Long.parseLong(value);
    }
    try {
      return Instant.parse(value).toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(value).toInstant().toEpochMilli();
      } catch (DateTimeParseException e2) {
        throw Problems.badRequest(
            "Invalid since",
            "'since' is an ISO-8601 instant (2026-01-31T12:00:00Z) or epoch milliseconds");
      }
    }
  }

  private static ConflateWindow conflate(String value) {
    try {
      return ConflateWindow.parse(value);
    } catch (IllegalArgumentException e) {
      throw Problems.badRequest("Invalid conflate", ConflateWindow.RULE);
    }
  }

  private static String from(String value) {
    String from = blankToNull(value);
    if (from == null) {
      return "latest";
    }
    if (from.equals("latest") || from.equals("earliest") || from.equals("snapshot")) {
      return from;
    }
    throw Problems.badRequest(
        "Invalid from", "'from' is 'latest' (default), 'earliest' or 'snapshot'");
  }

  private static Format format(String value, String accept) {
    if (accept != null && accept.contains("application/x-ndjson")) {
      return Format.NDJSON;
    }
    String format = blankToNull(value);
    if (format == null || format.equals("raw")) {
      return Format.RAW;
    }
    if (format.equals("envelope")) {
      return Format.ENVELOPE;
    }
    throw Problems.badRequest("Invalid format", "'format' is 'raw' (default) or 'envelope'");
  }

  private static Set<String> values(List<String> values) {
    List<String> kept = new ArrayList<>();
    if (values != null) {
      values.stream().filter(v -> v != null && !v.isEmpty()).forEach(kept::add);
    }
    return Set.copyOf(kept);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
