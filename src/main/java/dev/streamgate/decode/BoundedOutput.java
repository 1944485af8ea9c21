package dev.streamgate.decode;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A byte sink that refuses to grow past a bound: the JSON of one value. Writing beyond it throws
 * {@link Full}, which the decoders turn into a {@link DecodeReason#TOO_LARGE} error. One thread.
 */
final class BoundedOutput extends OutputStream {

  /** The bound was reached. */
  static final class Full extends IOException {
    Full() {
      super("JSON output bound reached", null);
    }
  }

  private final int max;
  private byte[] buffer = new byte[256];
  private int size;

  BoundedOutput(int max) {
    this.max = max;
  }

  @Override
  public void write(int b) throws IOException {
    ensure(1);
    buffer[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ensure(len);
    System.arraycopy(b, off, buffer, size, len);
    size += len;
  }

  private void ensure(int more) throws Full {
    if (more > max - size) {
      throw new Full();
    }
    if (size + more > buffer.length) {
      buffer =
          Arrays.copyOf(buffer, (int) Math.min(max, Math.max(2L * buffer.length, size + more)));
    }
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }
}
