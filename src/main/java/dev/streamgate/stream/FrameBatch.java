package dev.streamgate.stream;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/**
 * The frames of one write, reused by its stream from batch to batch. A single frame (the live
 * fan-out case) is handed to Vert.x as the shared array itself, not copied per client; several are
 * joined into one array (one copy, and one plain buffer for Netty rather than a composite of many
 * small ones). Owned by the stream's event loop.
 */
final class FrameBatch {

  private byte[][] parts;
  private int count;
  private int size;

  /** Adds a frame; an empty one adds nothing. */
  void add(byte[] frame) {
    if (frame.length == 0) {
      return;
    }
    if (parts == null) {
      parts = new byte[4][];
    } else if (count == parts.length) {
      parts = Arrays.copyOf(parts, count * 2);
    }
    parts[count++] = frame;
    size += frame.length;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The batch as one buffer; the batch is empty again afterwards. */
  Buffer take() {
    byte[] bytes;
    if (count == 1) {
      bytes = parts[0];
    } else {
      bytes = new byte[size];
      int at = 0;
      for (int i = 0; i < count; i++) {
        System.arraycopy(parts[i], 0, bytes, at, parts[i].length);
        at += parts[i].length;
      }
    }
    // drop the references so that evicted shared frames are not kept alive by an idle stream
    Arrays.fill(parts, 0, count, null);
    count = 0;
    size = 0;
    return Buffer.buffer(Unpooled.wrappedBuffer(bytes));
  }
}
