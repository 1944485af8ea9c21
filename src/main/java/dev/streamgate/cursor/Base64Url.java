package dev.streamgate.cursor;

/**
 * Strict, unpadded base64url (RFC 4648 §5) that accepts exactly one spelling of each byte string.
 *
 * <p>{@link java.util.Base64} is lenient where ids must not be (it accepts padding and ignores the
 * unused low bits of the last character, so several strings decode to the same bytes) and reports
 * bad input by throwing. Here validation is a separate, non-throwing step, so a decoder can refuse
 * malformed ids without catching anything.
 */
final class Base64Url {

  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

  /** Sextet value of each ASCII character, or -1 if it is not in the alphabet. */
  private static final byte[] VALUES = new byte[128];

  static {
    java.util.Arrays.fill(VALUES, (byte) -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      VALUES[ALPHABET[i]] = (byte) i;
    }
  }

  private Base64Url() {}

  static String encode(byte[] bytes, int length) {
    StringBuilder sb = new StringBuilder((length * 4 + 2) / 3);
    int i = 0;
    for (; i + 3 <= length; i += 3) {
      int n = (bytes[i] & 0xff) << 16 | (bytes[i + 1] & 0xff) << 8 | (bytes[i + 2] & 0xff);
      sb.append(ALPHABET[n >>> 18]).append(ALPHABET[n >>> 12 & 63]);
      sb.append(ALPHABET[n >>> 6 & 63]).append(ALPHABET[n & 63]);
    }
    int rest = length - i;
    if (rest == 1) {
      int n = (bytes[i] & 0xff) << 16;
      sb.append(ALPHABET[n >>> 18]).append(ALPHABET[n >>> 12 & 63]);
    } else if (rest == 2) {
      int n = (bytes[i] & 0xff) << 16 | (bytes[i + 1] & 0xff) << 8;
      sb.append(ALPHABET[n >>> 18]).append(ALPHABET[n >>> 12 & 63]).append(ALPHABET[n >>> 6 & 63]);
    }
    return sb.toString();
  }

  /**
   * Why {@code s.substring(from)} is not canonical unpadded base64url, or null if it is.
   *
   * <p>Canonical means: only alphabet characters (so no '='), a length that is not 1 more than a
   * multiple of 4, and zero unused low bits in the last character.
   */
  static String problem(String s, int from) {
    int length = s.length() - from;
    for (int i = from; i < s.length(); i++) {
      if (value(s.charAt(i)) < 0) {
        return "not base64url";
      }
    }
    int tail = length % 4;
    if (tail == 1) {
      return "not base64url";
    }
    if (tail != 0) {
      int last = value(s.charAt(s.length() - 1));
      int unusedBits = tail == 2 ? 0x0f : 0x03;
      if ((last & unusedBits) != 0) {
        return "non-canonical base64";
      }
    }
    return null;
  }

  /** Decodes {@code s.substring(from)}; only valid when {@link #problem} returned null. */
  static byte[] decode(String s, int from) {
    int length = s.length() - from;
    byte[] out = new byte[length / 4 * 3 + Math.max(0, length % 4 - 1)];
    int o = 0;
    int i = from;
    for (; i + 4 <= s.length(); i += 4) {
      int n =
          value(s.charAt(i)) << 18
              | value(s.charAt(i + 1)) << 12
              | value(s.charAt(i + 2)) << 6
              | value(s.charAt(i + 3));
      out[o++] = (byte) (n >>> 16);
      out[o++] = (byte) (n >>> 8);
      out[o++] = (byte) n;
    }
    int rest = s.length() - i;
    if (rest >= 2) {
      int n = value(s.charAt(i)) << 18 | value(s.charAt(i + 1)) << 12;
      if (rest == 3) {
        n |= value(s.charAt(i + 2)) << 6;
      }
      out[o++] = (byte) (n >>> 16);
      if (rest == 3) {
        out[o] = (byte) (n >>> 8);
      }
    }
    return out;
  }

  private static int value(char c) {
    return c < 128 ? VALUES[c] : -1;
  }
}
