package dev.streamgate.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * The last batch of several frames joined on this thread, shared by every stream whose next batch
 * is the very same frames. After a reader's wake-up the streams of an event loop take their turns
 * one after the other and most of them write the same run of shared frames: joining it once per
 * loop, into a pooled direct buffer that each stream writes as a retained duplicate, saves a join
 * and Netty's heap-to-direct copy per stream.
 *
 * <p>The same frames means the same arrays, compared by reference, in the same order: shared frames
 * are immutable, so equal references are equal bytes, and a stream with its own frames (its own id,
 * a filter's projection) simply misses. One entry per thread (its event loop), replaced on a miss:
 * it holds at most one batch ({@code max-batch-bytes}) of direct memory per event loop, and the
 * frames of that batch. A duplicate's reference is released by Netty once written (or when the
 * write fails on a closed channel).
 */
final class SharedJoin {

  private static final FastThreadLocal<SharedJoin> LAST =
      new FastThreadLocal<>() {
        @Override
        protected SharedJoin initialValue() {
          return new SharedJoin();
        }
      };

  private byte[][] frames = new byte[0][];
  private ByteBuf joined;

  private SharedJoin() {}

  /**
   * The frames {@code parts[0..count)} of {@code size} bytes as a buffer of their own reference.
   */
  static ByteBuf of(byte[][] parts, int count, int size) {
    return LAST.get().join(parts, count, size);
  }

  private ByteBuf join(byte[][] parts, int count, int size) {
    if (!same(parts, count)) {
      ByteBuf fresh = PooledByteBufAllocator.DEFAULT.directBuffer(size, size);
      for (int i = 0; i < count; i++) {
        fresh.writeBytes(parts[i]);
      }
      if (joined != null) {
        joined.release();
      }
      joined = fresh;
      if (frames.length != count) {
        frames = new byte[count][];
      }
      System.arraycopy(parts, 0, frames, 0, count);
    }
    return joined.retainedDuplicate();
  }

  private boolean same(byte[][] parts, int count) {
    if (joined == null || frames.length != count) {
      return false;
    }
    for (int i = 0; i < count; i++) {
      if (frames[i] != parts[i]) {
        return false;
      }
    }
    return true;
  }
}
