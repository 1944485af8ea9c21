package dev.streamgate.stream.delivery;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import java.util.Arrays;

/**
 * The frames of one write, reused by its stream from batch to batch: joined into one buffer (one
 * plain buffer for Netty rather than a composite of many small ones), shared by the streams of an
 * event loop that write the same frames. Owned by the stream's event loop.
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

  /**
   * The batch as one buffer, the frames alone or with {@code chunk} a complete HTTP/1.1 chunk; the
   * batch is empty again afterwards. Its frames are written from a direct buffer joined once per
   * event loop for every stream that writes the same frames ({@link SharedJoin}); the buffer holds
   * a reference that its writer releases once the socket took it.
   */
  Buffer take(boolean chunk) {
    return take(chunk, WriteBudget.UNBOUNDED);
  }

  /** As {@link #take(boolean)}, a new join counted against {@code budget}. */
  Buffer take(boolean chunk, WriteBudget budget) {
    ByteBuf bytes = SharedJoin.of(parts, count, size, chunk, budget);
    // drop the references so that evicted shared frames are not kept alive by an idle stream
    Arrays.fill(parts, 0, count, null);
    count = 0;
    size = 0;
    return Buffer.buffer(bytes);
  }
}
