package dev.streamgate.cursor;

import java.util.Arrays;

/** A growable byte buffer with the few primitives of the cursor wire format; calls chain. */
final class ByteWriter {

  private byte[] bytes = new byte[64];
  private int length;

  ByteWriter writeByte(int b) {
    if (length == bytes.length) {
      bytes = Arrays.copyOf(bytes, bytes.length * 2);
    }
    bytes[length++] = (byte) b;
    return this;
  }

  /** Unsigned LEB128: 7 bits per byte, low bits first, high bit set on all but the last byte. */
  ByteWriter writeVarint(long value) {
    while ((value & ~0x7fL) != 0) {
      writeByte((int) (value & 0x7f) | 0x80);
      value >>>= 7;
    }
    return writeByte((int) value);
  }

  /** Zig-zag (as in protobuf) so that small negative numbers stay short, then varint. */
  ByteWriter writeSignedVarint(long value) {
    return writeVarint((value << 1) ^ (value >> 63));
  }

  ByteWriter writeInt(int value) {
    writeByte(value >>> 24);
    writeByte(value >>> 16);
    writeByte(value >>> 8);
    return writeByte(value);
  }

  ByteWriter writeAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      writeByte(s.charAt(i));
    }
    return this;
  }

  byte[] bytes() {
    return bytes;
  }

  int length() {
    return length;
  }
}
