package dev.streamgate.testing;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An incremental, test-only implementation of the WHATWG HTML "event stream interpretation"
 * algorithm (https://html.spec.whatwg.org/multipage/server-sent-events.html
 * #event-stream-interpretation), i.e. what a browser's {@code EventSource} would see.
 *
 * <p>Faithful to the spec:
 *
 * <ul>
 *   <li>One leading U+FEFF at the very start of the stream is ignored.
 *   <li>Lines end in CRLF, LF or CR; chunks may split anywhere, including between CR and LF.
 *   <li>A line starting with {@code :} is a comment. Otherwise the field name is everything before
 *       the first {@code :} (or the whole line) and one leading space of the value is dropped.
 *   <li>{@code event} sets the type buffer; {@code data} appends the value and a LF; {@code id}
 *       sets the last event id buffer unless the value contains NUL; {@code retry} sets the
 *       reconnection time when the value is all ASCII digits; other fields are ignored.
 *   <li>A blank line dispatches: the last event id string takes the buffer's value (even if nothing
 *       is dispatched); an empty data buffer dispatches nothing and resets the type; otherwise one
 *       trailing LF is removed and an event with type (default {@code message}) is dispatched.
 *   <li>An event not followed by a blank line, and an unterminated last line, are never dispatched.
 * </ul>
 *
 * <p>Not thread-safe.
 */
public final class SseParser {

  /** A dispatched event as an {@code EventSource} listener would see it. */
  public record SseEvent(String lastEventId, String type, String data) {

    /** An event with the default type {@code message}. */
    public static SseEvent message(String lastEventId, String data) {
      return new SseEvent(lastEventId, "message", data);
    }
  }

  private final StringBuilder line = new StringBuilder();
  private final StringBuilder dataBuffer = new StringBuilder();
  private final List<String> comments = new ArrayList<>();
  private final List<SseEvent> allEvents = new ArrayList<>();
  private String eventTypeBuffer = "";
  private String lastEventIdBuffer = "";
  private String lastEventId = "";
  private Long retry;
  private boolean started;
  private boolean afterCr;

  private CharsetDecoder decoder;
  private byte[] pendingBytes = new byte[0];

  /** Parses a whole stream in one go and returns the dispatched events. */
  public static List<SseEvent> parseAll(String text) {
    return new SseParser().feed(text);
  }

  /** Decodes {@code bytes} as UTF-8 (as the spec does) and parses them in one go. */
  public static List<SseEvent> parseAll(byte[] bytes) {
    return new SseParser().feed(bytes);
  }

  /**
   * Feeds the next piece of the decoded stream.
   *
   * @return the events dispatched while processing this chunk, in order
   */
  public List<SseEvent> feed(String chunk) {
    List<SseEvent> dispatched = new ArrayList<>();
    int n = chunk.length();
    int i = 0;
    if (!started && n > 0) {
      started = true;
      if (chunk.charAt(0) == '\uFEFF') {
        i = 1;
      }
    }
    for (; i < n; i++) {
      char c = chunk.charAt(i);
      if (afterCr) {
        afterCr = false;
        if (c == '\n') {
          continue; // second half of a CRLF whose CR ended the previous line
        }
      }
      if (c == '\r') {
        afterCr = true;
        processLine(dispatched);
      } else if (c == '\n') {
        processLine(dispatched);
      } else {
        line.append(c);
      }
    }
    allEvents.addAll(dispatched);
    return dispatched;
  }

  /**
   * Feeds the next raw bytes of the stream. They are decoded as UTF-8 with replacement characters
   * for malformed input, as the spec requires; a multi-byte sequence may be split across calls.
   *
   * @return the events dispatched while processing this chunk, in order
   */
  public List<SseEvent> feed(byte[] chunk) {
    if (decoder == null) {
      decoder =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPLACE)
              .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }
    ByteBuffer in = ByteBuffer.allocate(pendingBytes.length + chunk.length);
    in.put(pendingBytes).put(chunk).flip();
    CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
    decoder.decode(in, out, false);
    pendingBytes = new byte[in.remaining()];
    in.get(pendingBytes);
    return feed(out.flip().toString());
  }

  /** Every event dispatched so far, in order. */
  public List<SseEvent> events() {
    return Collections.unmodifiableList(allEvents);
  }

  /**
   * The {@code EventSource}'s last event ID string: what a reconnect would send as {@code
   * Last-Event-ID}. Only changes when a blank line is processed, whether or not an event is
   * dispatched.
   */
  public String lastEventId() {
    return lastEventId;
  }

  /** The reconnection time from the last valid {@code retry} field, or {@code null} if none. */
  public Long retry() {
    return retry;
  }

  /**
   * The text of every comment line so far, after the {@code :} and with one leading space removed
   * (so {@code ": ping"} is recorded as {@code "ping"}). The spec ignores comments; this is for
   * tests only.
   */
  public List<String> comments() {
    return Collections.unmodifiableList(comments);
  }

  private void processLine(List<SseEvent> dispatched) {
    String l = line.toString();
    line.setLength(0);
    if (l.isEmpty()) {
      dispatch(dispatched);
      return;
    }
    if (l.charAt(0) == ':') {
      comments.add(stripOneSpace(l.substring(1)));
      return;
    }
    int colon = l.indexOf(':');
    String field;
    String value;
    if (colon >= 0) {
      field = l.substring(0, colon);
      value = stripOneSpace(l.substring(colon + 1));
    } else {
      field = l;
      value = "";
    }
    processField(field, value);
  }

  private void processField(String field, String value) {
    switch (field) {
      case "event" -> eventTypeBuffer = value;
      case "data" -> dataBuffer.append(value).append('\n');
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          lastEventIdBuffer = value;
        }
      }
      case "retry" -> {
        if (isAsciiDigits(value)) {
          try {
            retry = Long.parseLong(value);
          } catch (NumberFormatException tooLarge) {
            // Beyond a long: ignored here; the spec puts no bound on the integer.
          }
        }
      }
      default -> {
        // Unknown fields are ignored.
      }
    }
  }

  private void dispatch(List<SseEvent> dispatched) {
    lastEventId = lastEventIdBuffer;
    if (dataBuffer.length() == 0) {
      eventTypeBuffer = "";
      return;
    }
    if (dataBuffer.charAt(dataBuffer.length() - 1) == '\n') {
      dataBuffer.setLength(dataBuffer.length() - 1);
    }
    String type = eventTypeBuffer.isEmpty() ? "message" : eventTypeBuffer;
    dispatched.add(new SseEvent(lastEventId, type, dataBuffer.toString()));
    dataBuffer.setLength(0);
    eventTypeBuffer = "";
  }

  private static String stripOneSpace(String value) {
    return !value.isEmpty() && value.charAt(0) == ' ' ? value.substring(1) : value;
  }

  private static boolean isAsciiDigits(String value) {
    if (value.isEmpty()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
