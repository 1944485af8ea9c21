package dev.streamgate.bench;

import java.nio.charset.StandardCharsets;

/**
 * The bench payload: one JSON object per event, {@code {"p":<partition>,"s":<sequence in
 * partition>,"t":<System.nanoTime() at send>,"x":"<padding>"}}, padded to a fixed size. Every peer
 * carries it unchanged (KafkaSSE re-serialises it with JSON.stringify, which keeps it byte-equal).
 */
public final class Payload {
  private Payload() {}

  public static byte[] build(int partition, long seq, long nanos, int size) {
    String head = "{\"p\":" + partition + ",\"s\":" + seq + ",\"t\":" + nanos + ",\"x\":\"";
    int pad = Math.max(0, size - head.length() - 2);
    StringBuilder sb = new StringBuilder(head.length() + pad + 2).append(head);
    for (int i = 0; i < pad; i++) sb.append('x');
    return sb.append("\"}").toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** Fields read back from a data buffer; {@code ok} is false if p or s is missing. */
  public static final class Fields {
    public int p;
    public long s;
    public long t;
    public boolean hasT;
    public boolean ok;
  }

  /**
   * Reads top-level "p", "s", "t" numbers from JSON bytes without allocating. Tolerates spaces
   * after the colon. The padding is only 'x' characters, so a key pattern cannot occur inside it.
   */
  public static boolean parse(byte[] b, int len, Fields out) {
    out.ok = false;
    out.hasT = false;
    boolean p = false, s = false;
    for (int i = 0; i + 3 < len; i++) {
      if (b[i] != '"' || b[i + 2] != '"') continue;
      byte k = b[i + 1];
      if (k != 'p' && k != 's' && k != 't') continue;
      int j = i + 3;
      while (j < len && b[j] == ' ') j++;
      if (j >= len || b[j] != ':') continue;
      j++;
      while (j < len && b[j] == ' ') j++;
      boolean neg = false;
      if (j < len && b[j] == '-') {
        neg = true;
        j++;
      }
      int start = j;
      long v = 0;
      while (j < len && b[j] >= '0' && b[j] <= '9') {
        v = v * 10 + (b[j] - '0');
        j++;
      }
      if (j == start) continue;
      if (neg) v = -v;
      if (k == 'p') {
        out.p = (int) v;
        p = true;
      } else if (k == 's') {
        out.s = v;
        s = true;
      } else {
        out.t = v;
        out.hasT = true;
      }
      if (p && s && out.hasT) break;
      i = j - 1;
    }
    out.ok = p && s;
    return out.ok;
  }
}
