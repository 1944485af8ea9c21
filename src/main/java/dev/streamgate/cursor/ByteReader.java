package dev.streamgate.cursor;

/**
 * Reads the primitives of the cursor wire format from untrusted bytes without ever throwing.
 *
 * <p>The first problem met is remembered in {@link #problem()}; from then on every read returns 0
 * and the caller is expected to check {@link #failed()} before trusting a value. This keeps the
 * decoder a straight line of reads and checks instead of a web of exceptions.
 */
final class ByteReader {

  private final byte[] bytes;
  private int position;
  private String problem;

  ByteReader(byte[] bytes) {
    this.bytes = bytes;
  }

  boolean failed() {
    return problem != null;
  }

  /** The first problem met, or null. */
  String problem() {
    return problem;
  }

  /** Records {@code reason} unless an earlier problem is already recorded. */
  void fail(String reason) {
    if (problem == null) {
      problem = reason;
    }
  }

  int remaining() {
    return bytes.length - position;
  }

  int readByte() {
    if (problem != null) {
      return 0;
    }
    if (position >= bytes.length) {
      fail("truncated");
      return 0;
    }
    return bytes[position++] & 0xff;
  }

  /**
   * Unsigned LEB128 of at most 64 bits, in its one shortest form: a last byte of 0 after other
   * bytes (an overlong encoding) and bits beyond the 64th are refused.
   */
  long readVarint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte();
      if (problem != null) {
        return 0;
      }
      if (shift == 63 && b > 1) {
        fail("varint over 64 bits");
        return 0;
      }
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        if (b == 0 && shift > 0) {
          fail("overlong varint");
          return 0;
        }
        return value;
      }
    }
    // Unreachable: at shift 63 any byte > 1 failed above, and 0 or 1 ends the varint.
    fail("varint over 64 bits");
    return 0;
  }

  /** Inverse of zig-zag: 0, 1, 2, 3, ... become 0, -1, 1, -2, ... */
  long readSignedVarint() {
    long z = readVarint();
    return (z >>> 1) ^ -(z & 1);
  }

  int readInt() {
    return readByte() << 24 | readByte() << 16 | readByte() << 8 | readByte();
  }

  /** {@code length} bytes as a string if they form a legal topic name, else null and a problem. */
  String readTopicName(int length) {
    if (problem != null) {
      return null;
    }
    if (length > remaining()) {
      fail("truncated");
      return null;
    }
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      int b = bytes[position + i] & 0xff;
      if (!TopicNames.isLegalChar(b)) {
        fail("bad topic name");
        return null;
      }
      chars[i] = (char) b;
    }
    position += length;
    String name = new String(chars);
    if (!TopicNames.isLegal(name)) {
      fail("bad topic name");
      return null;
    }
    return name;
  }
}
