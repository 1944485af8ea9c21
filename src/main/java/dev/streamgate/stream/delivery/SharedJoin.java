package dev.streamgate.stream.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.OutOfDirectMemoryError;

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
 *
 * <p>Every join counts against the pod's {@link WriteBudget}: it reserves its bytes there, and a
 * replaced join goes back to the budget, which frees it once no write holds it.
 *
 * <p>When the JVM's direct memory is exhausted (every stream of an overloaded pod holding a full
 * write queue and a batch), the join fails with {@link WriteMemoryExhausted}, a runtime exception:
 * the stream ends on an error and its client resumes exactly from its last id, instead of the
 * stream's turn dying on an {@link OutOfMemoryError} with its work-in-progress count held, which
 * left the stream open and silent.
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
  private WriteBudget joinedBudget;

  private SharedJoin() {}

  /**
   * The frames {@code parts[0..count)} of {@code size} bytes as a buffer of their own reference.
   */
  static ByteBuf of(byte[][] parts, int count, int size) {
    return of(parts, count, size, WriteBudget.UNBOUNDED);
  }

  /** As {@link #of(byte[][], int, int)}, a new join counted against {@code budget}. */
  static ByteBuf of(byte[][] parts, int count, int size, WriteBudget budget) {
    return LAST.get().join(parts, count, size, budget);
  }

  private ByteBuf join(byte[][] parts, int count, int size, WriteBudget budget) {
    if (!same(parts, count)) {
      ByteBuf fresh = allocate(PooledByteBufAllocator.DEFAULT, size);
      budget.reserve(fresh.capacity());
      for (int i = 0; i < count; i++) {
        fresh.writeBytes(parts[i]);
      }
      if (joined != null) {
        joinedBudget.retire(joined);
      }
      joined = fresh;
      joinedBudget = budget;
      if (frames.length != count) {
        frames = new byte[count][];
      }
      System.arraycopy(parts, 0, frames, 0, count);
    }
    return joined.retainedDuplicate();
  }

  /** A direct buffer of {@code size} bytes from {@code allocator}. */
  static ByteBuf allocate(ByteBufAllocator allocator, int size) {
    try {
      return allocator.directBuffer(size, size);
    } catch (OutOfMemoryError e) {
      // only a failed reservation of direct memory (Netty's own counter, or java.nio.Bits: "Cannot
      // reserve ... bytes of direct buffer memory"): nothing was allocated and the heap is intact.
      // Any other OutOfMemoryError is the JVM's, and stays one.
      if (e instanceof OutOfDirectMemoryError
          || String.valueOf(e.getMessage()).contains("direct buffer memory")) {
        throw new WriteMemoryExhausted(e);
      }
      throw e;
    }
  }

  /** No direct memory left for a stream's next write. */
  static final class WriteMemoryExhausted extends IllegalStateException {

    WriteMemoryExhausted(OutOfMemoryError cause) {
      super("no direct memory left for a write: " + cause.getMessage(), cause);
    }
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
