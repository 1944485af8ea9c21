package dev.streamgate.wire;

import java.nio.charset.StandardCharsets;

/**
 * Builds Server-Sent Events frames as UTF-8 bytes, following the WHATWG HTML "event stream" format.
 *
 * <p>Framing is unbreakable by construction: nothing passed in can end an event early or add a
 * field.
 *
 * <ul>
 *   <li>Every CR, LF and CRLF inside event data starts a new {@code data: } line, so the browser
 *       rebuilds the data with each of those line breaks turned into a single LF.
 *   <li>Ids may not contain CR, LF or NUL (a NUL would make the browser silently ignore the id),
 *       nor unpaired surrogates (they could not come back unchanged).
 *   <li>Event types are restricted to {@link #isSafeType(String) a small safe alphabet}.
 *   <li>Comment text may not contain CR or LF.
 *   <li>Unpaired surrogates in data and comments are written as U+FFFD, so the output is always
 *       valid UTF-8.
 * </ul>
 *
 * <p>Each frame is written into one exactly sized array; there is no regex and no intermediate
 * {@code String} per call. Lines end in LF only. Every field value is preceded by a single space,
 * which the parser strips, so values starting with a space survive unchanged.
 */
public final class SseFrames {

  /** Longest accepted event type. */
  public static final int MAX_TYPE_LENGTH = 128;

  private static final String UNSAFE_ID =
      "SSE id must not contain CR, LF, NUL or an unpaired surrogate";

  private static final byte[] ID = ascii("id: ");
  private static final byte[] EVENT = ascii("event: ");
  private static final byte[] DATA = ascii("data: ");
  private static final byte[] COMMENT = ascii(": ");
  private static final byte[] RETRY = ascii("retry: ");

  /** Bytes written for a line break inside data: LF followed by a new {@code data: } prefix. */
  private static final int DATA_BREAK_LENGTH = 1 + DATA.length;

  private static final boolean[] SAFE_TYPE_CHAR = new boolean[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      SAFE_TYPE_CHAR[c] = true;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      SAFE_TYPE_CHAR[c] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      SAFE_TYPE_CHAR[c] = true;
    }
    for (char c : "._:/+-".toCharArray()) {
      SAFE_TYPE_CHAR[c] = true;
    }
  }

  private SseFrames() {}

  /**
   * One complete event: optional {@code id:} line, optional {@code event:} line, one or more {@code
   * data:} lines, then a blank line.
   *
   * @param id the event id, or {@code null} to leave the browser's last event id unchanged; the
   *     empty string is allowed and resets it. Must satisfy {@link #isSafeId(String)}.
   * @param type the event type, or {@code null} for the default {@code message}; must satisfy
   *     {@link #isSafeType(String)}
   * @param data any text; each CR, LF or CRLF starts a new {@code data:} line
   * @throws IllegalArgumentException for an unsafe id or type
   * @throws NullPointerException when data is null
   */
  public static byte[] event(String id, String type, CharSequence data) {
    return event(id, type, -1, data);
  }

  /**
   * One complete event that also sets the client's reconnection time: as {@link #event(String,
   * String, CharSequence)}, with a {@code retry:} line before the data. The reconnection time rides
   * on an event rather than on a block of its own, because a block without data, which a browser
   * ignores, is an empty unnamed event to JAX-RS clients (Jersey's {@code SseEventSource}).
   *
   * @param retryMillis the reconnection time in milliseconds, not negative
   * @throws IllegalArgumentException for an unsafe id or type, or a negative retry
   */
  public static byte[] eventWithRetry(String id, String type, long retryMillis, CharSequence data) {
    if (retryMillis < 0) {
      throw new IllegalArgumentException("retry must not be negative: " + retryMillis);
    }
    return event(id, type, retryMillis, data);
  }

  /** An event, with a {@code retry:} line when {@code retryMillis >= 0}. */
  private static byte[] event(String id, String type, long retryMillis, CharSequence data) {
    if (data == null) {
      throw new NullPointerException("data");
    }
    if (id != null && !isSafeId(id)) {
      throw new IllegalArgumentException(UNSAFE_ID);
    }
    if (type != null && !isSafeType(type)) {
      throw new IllegalArgumentException("unsafe SSE event type: " + describe(type));
    }
    long size = DATA.length + encodedLength(data) + 2;
    if (id != null) {
      size += ID.length + encodedLength(id) + 1;
    }
    if (type != null) {
      size += EVENT.length + type.length() + 1;
    }
    String retry = retryMillis >= 0 ? Long.toString(retryMillis) : null;
    if (retry != null) {
      size += RETRY.length + retry.length() + 1;
    }
    int length = checkedSize(size);
    byte[] out = new byte[length];
    int pos = 0;
    if (id != null) {
      pos = put(out, pos, ID);
      pos = encode(id, out, pos);
      out[pos++] = '\n';
    }
    if (type != null) {
      pos = put(out, pos, EVENT);
      for (int i = 0; i < type.length(); i++) {
        out[pos++] = (byte) type.charAt(i);
      }
      out[pos++] = '\n';
    }
    if (retry != null) {
      pos = put(out, pos, RETRY);
      pos = putAscii(out, pos, retry);
      out[pos++] = '\n';
    }
    pos = put(out, pos, DATA);
    pos = encode(data, out, pos);
    out[pos++] = '\n';
    out[pos++] = '\n';
    assert pos == length;
    return out;
  }

  /**
   * An {@code id:} field followed by a blank line. The browser's last event id becomes {@code id}
   * but no event is dispatched, because the data buffer is empty.
   *
   * @throws IllegalArgumentException when the id is not {@link #isSafeId(String) safe}
   */
  public static byte[] idOnly(String id) {
    if (id == null) {
      throw new NullPointerException("id");
    }
    if (!isSafeId(id)) {
      throw new IllegalArgumentException(UNSAFE_ID);
    }
    byte[] out = new byte[checkedSize(ID.length + encodedLength(id) + 2)];
    int pos = put(out, 0, ID);
    pos = encode(id, out, pos);
    out[pos++] = '\n';
    out[pos] = '\n';
    return out;
  }

  /**
   * A comment line followed by a blank line, e.g. a heartbeat. Dispatches nothing.
   *
   * @throws IllegalArgumentException when the text contains CR or LF
   */
  public static byte[] comment(String text) {
    if (text == null) {
      throw new NullPointerException("text");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' || c == '\n') {
        throw new IllegalArgumentException("SSE comment must not contain CR or LF");
      }
    }
    byte[] out = new byte[checkedSize(COMMENT.length + encodedLength(text) + 2)];
    int pos = put(out, 0, COMMENT);
    pos = encode(text, out, pos);
    out[pos++] = '\n';
    out[pos] = '\n';
    return out;
  }

  /**
   * A {@code retry:} field followed by a blank line: sets the browser's reconnection time and
   * dispatches nothing in a browser. JAX-RS clients see an empty event: where there is an event to
   * send, {@link #eventWithRetry} carries the reconnection time instead.
   *
   * @throws IllegalArgumentException when millis is negative
   */
  public static byte[] retry(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("retry must not be negative: " + millis);
    }
    String digits = Long.toString(millis);
    byte[] out = new byte[RETRY.length + digits.length() + 2];
    int pos = put(out, 0, RETRY);
    pos = putAscii(out, pos, digits);
    out[pos++] = '\n';
    out[pos] = '\n';
    return out;
  }

  /** Whether {@code type} is 1 to 128 characters, all from {@code [A-Za-z0-9._:/+-]}. */
  public static boolean isSafeType(String type) {
    if (type == null) {
      return false;
    }
    int n = type.length();
    if (n == 0 || n > MAX_TYPE_LENGTH) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = type.charAt(i);
      if (c >= 128 || !SAFE_TYPE_CHAR[c]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code id} can be sent as an SSE id and come back unchanged as the browser's {@code
   * lastEventId}: not null, free of CR, LF and NUL, and without unpaired surrogates (which cannot
   * be encoded in UTF-8). The empty string is safe (it resets the browser's last event id).
   */
  public static boolean isSafeId(String id) {
    if (id == null) {
      return false;
    }
    int n = id.length();
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      if (c == '\r' || c == '\n' || c == '\0') {
        return false;
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(id.charAt(i + 1))) {
          i++;
        } else {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Number of bytes {@link #encode} writes for {@code s}: UTF-8 with unpaired surrogates as U+FFFD,
   * and each CR, LF or CRLF as {@link #DATA_BREAK_LENGTH} bytes.
   */
  private static long encodedLength(CharSequence s) {
    int n = s.length();
    long length = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c == '\r') {
          if (i + 1 < n && s.charAt(i + 1) == '\n') {
            i++;
          }
          length += DATA_BREAK_LENGTH;
        } else if (c == '\n') {
          length += DATA_BREAK_LENGTH;
        } else {
          length++;
        }
      } else if (c < 0x800) {
        length += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        length += 4;
        i++;
      } else {
        length += 3; // BMP character, or an unpaired surrogate written as U+FFFD
      }
    }
    return length;
  }

  private static int checkedSize(long size) {
    if (size > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("SSE frame too large: " + size + " bytes");
    }
    return (int) size;
  }

  /** Writes {@code s} at {@code pos} as described in {@link #encodedLength}; returns new pos. */
  private static int encode(CharSequence s, byte[] out, int pos) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c == '\r' || c == '\n') {
          if (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') {
            i++;
          }
          out[pos++] = '\n';
          pos = put(out, pos, DATA);
        } else {
          out[pos++] = (byte) c;
        }
      } else if (c < 0x800) {
        out[pos++] = (byte) (0xC0 | (c >> 6));
        out[pos++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          out[pos++] = (byte) (0xF0 | (cp >> 18));
          out[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          out[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          out[pos++] = (byte) (0x80 | (cp & 0x3F));
        } else {
          // Unpaired surrogate: U+FFFD REPLACEMENT CHARACTER.
          out[pos++] = (byte) 0xEF;
          out[pos++] = (byte) 0xBF;
          out[pos++] = (byte) 0xBD;
        }
      } else {
        out[pos++] = (byte) (0xE0 | (c >> 12));
        out[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[pos++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return pos;
  }

  private static int put(byte[] out, int pos, byte[] bytes) {
    System.arraycopy(bytes, 0, out, pos, bytes.length);
    return pos + bytes.length;
  }

  private static int putAscii(byte[] out, int pos, String ascii) {
    for (int i = 0; i < ascii.length(); i++) {
      out[pos++] = (byte) ascii.charAt(i);
    }
    return pos;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static String describe(String type) {
    if (type.length() > 40) {
      type = type.substring(0, 40) + "...";
    }
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < type.length(); i++) {
      char c = type.charAt(i);
      if (c < 0x20 || c == 0x7F || c == '"' || c == '\\') {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
