package dev.streamgate.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Incremental text/event-stream parser over raw bytes, following the WHATWG "interpret an event
 * stream" rules: lines end at CR, LF or CRLF (also split across feeds), a leading BOM is skipped,
 * {@code :} lines are comments, {@code data} lines join with LF, an event is dispatched at a blank
 * line only if it had at least one data line, and {@code id} (without NUL) sets the last event id,
 * which persists across events. Allocation-free per event: buffers are reused and handed to the
 * listener as (array, length).
 */
public final class SseParser {

  /** Receives parsed events. Arrays are only valid during the call. */
  public interface Listener {
    /** A dispatched event; {@code eventLen == 0} means the default type ("message"). */
    void onEvent(byte[] event, int eventLen, byte[] data, int dataLen);

    default void onComment(byte[] line, int len) {}
  }

  private static final byte[] DATA = bytes("data");
  private static final byte[] EVENT = bytes("event");
  private static final byte[] ID = bytes("id");
  private static final byte[] RETRY = bytes("retry");

  private final Listener listener;
  private byte[] line = new byte[256];
  private int lineLen;
  private byte[] data = new byte[512];
  private int dataLen;
  private int dataLines;
  private byte[] event = new byte[64];
  private int eventLen;
  private byte[] id = new byte[64];
  private int idLen;
  private boolean idSet;
  private long retryMillis = -1;
  private boolean lastWasCr;
  private int bomState; // 0: start, 1..2: matched BOM bytes, 3: past the start
  private long events;
  private long comments;

  public SseParser(Listener listener) {
    this.listener = listener;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  public void feed(byte[] buf, int off, int len) {
    int end = off + len;
    for (int i = off; i < end; i++) {
      byte c = buf[i];
      if (bomState < 3) {
        int expected = bomState == 0 ? 0xEF : bomState == 1 ? 0xBB : 0xBF;
        if ((c & 0xFF) == expected) {
          bomState++;
          continue;
        }
        if (bomState > 0) { // partial BOM: not a BOM after all, keep the bytes
          byte[] partial = bomState == 1 ? new byte[] {(byte) 0xEF} : new byte[] {(byte) 0xEF, (byte) 0xBB};
          bomState = 3;
          for (byte b : partial) append(b);
        }
        bomState = 3;
      }
      if (c == '\n') {
        if (lastWasCr) {
          lastWasCr = false;
          continue;
        }
        endLine();
      } else if (c == '\r') {
        lastWasCr = true;
        endLine();
      } else {
        lastWasCr = false;
        append(c);
      }
    }
  }

  private void append(byte c) {
    if (lineLen == line.length) line = Arrays.copyOf(line, line.length * 2);
    line[lineLen++] = c;
  }

  private void endLine() {
    int len = lineLen;
    lineLen = 0;
    if (len == 0) {
      dispatch();
      return;
    }
    if (line[0] == ':') {
      comments++;
      listener.onComment(line, len);
      return;
    }
    int colon = -1;
    for (int i = 0; i < len; i++) {
      if (line[i] == ':') {
        colon = i;
        break;
      }
    }
    int nameLen = colon < 0 ? len : colon;
    int vStart = colon < 0 ? len : colon + 1;
    if (vStart < len && line[vStart] == ' ') vStart++;
    int vLen = len - vStart;
    if (is(DATA, nameLen)) {
      int need = dataLen + vLen + 1;
      if (need > data.length) data = Arrays.copyOf(data, Math.max(need, data.length * 2));
      if (dataLines > 0) data[dataLen++] = '\n';
      System.arraycopy(line, vStart, data, dataLen, vLen);
      dataLen += vLen;
      dataLines++;
    } else if (is(EVENT, nameLen)) {
      if (vLen > event.length) event = Arrays.copyOf(event, vLen);
      System.arraycopy(line, vStart, event, 0, vLen);
      eventLen = vLen;
    } else if (is(ID, nameLen)) {
      for (int i = vStart; i < len; i++) if (line[i] == 0) return;
      if (vLen > id.length) id = Arrays.copyOf(id, Math.max(vLen, id.length * 2));
      System.arraycopy(line, vStart, id, 0, vLen);
      idLen = vLen;
      idSet = true;
    } else if (is(RETRY, nameLen)) {
      // the reconnection time, digits only (WHATWG); kept across connections, as EventSource does
      long v = 0;
      if (vLen == 0) return;
      for (int i = vStart; i < len; i++) {
        if (line[i] < '0' || line[i] > '9') return;
        v = Math.min(v * 10 + (line[i] - '0'), 3_600_000L);
      }
      retryMillis = v;
    }
  }

  private boolean is(byte[] name, int nameLen) {
    if (nameLen != name.length) return false;
    for (int i = 0; i < nameLen; i++) if (line[i] != name[i]) return false;
    return true;
  }

  private void dispatch() {
    if (dataLines == 0) {
      eventLen = 0;
      return;
    }
    events++;
    listener.onEvent(event, eventLen, data, dataLen);
    dataLen = 0;
    dataLines = 0;
    eventLen = 0;
  }

  /** A new connection: drop any partial line or event, keep the last event id (as EventSource does). */
  public void resetStream() {
    lineLen = 0;
    dataLen = 0;
    dataLines = 0;
    eventLen = 0;
    lastWasCr = false;
    bomState = 0;
  }

  /** The last {@code retry:} reconnection time in milliseconds, or -1 if none was ever sent. */
  public long retryMillis() {
    return retryMillis;
  }

  /** The last event id seen (persists across events), or null if none was ever set. */
  public String lastEventId() {
    return idSet ? new String(id, 0, idLen, StandardCharsets.UTF_8) : null;
  }

  public long events() {
    return events;
  }

  public long comments() {
    return comments;
  }
}
