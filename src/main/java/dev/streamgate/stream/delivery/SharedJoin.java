package dev.streamgate.stream.delivery;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.internal.OutOfDirectMemoryError;
import java.nio.charset.StandardCharsets;

/**
 * The last batch of several frames joined on this thread, shared by every stream whose next batch
 * is the very same frames. After a reader's wake-up the streams of an event loop take their turns
 * one after the other and most of them write the same run of shared frames: joining it once per
 * loop, into a pooled direct buffer that each stream writes as a retained slice, saves a join and
 * Netty's heap-to-direct copy per stream.
 *
 * <p>The join also carries the batch's HTTP/1.1 chunk framing: its size in hex and CRLF before the
 * frames, CRLF after them. A stream writing straight to an HTTP/1.1 connection's channel takes the
 * whole chunk ({@code chunk} true), so the size line is built once per batch and loop rather than
 * once per connection by Netty's encoder; any other stream takes the frames alone.
 *
 * <p>The same frames means the same arrays, compared by reference, in the same order: shared frames
 * are immutable, so equal references are equal bytes, and a stream with its own frames (its own id,
 * a filter's projection) simply misses. One entry per thread (its event loop), replaced on a miss:
 * it holds at most one batch ({@code max-batch-bytes}, and its framing) of direct memory per event
 * loop, and the frames of that batch. A slice's reference is released by the writer once written
 * (or when the write fails on a closed channel).
 *
 * <p>Every join counts against the pod's {@link WriteBudget}, framing included: it reserves its
 * bytes there, and a replaced join goes back to the budget, which frees it once no write holds it.
 * Its slices share its reference count whichever path writes them, so the budget sees a write on
 * the connection's channel and one through Vert.x's response alike.
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

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final int CRLF = ('\r' << 8) | '\n';

  private byte[][] frames = new byte[0][];
  private ByteBuf joined;
  private WriteBudget joinedBudget;
  private int head;

  private SharedJoin() {}

  /**
   * The frames {@code parts[0..count)} of {@code size} bytes (at least one) as a buffer of their
   * own reference: the frames alone, or with {@code chunk} the complete HTTP/1.1 chunk around them.
   */
  static ByteBuf of(byte[][] parts, int count, int size, boolean chunk) {
    return of(parts, count, size, chunk, WriteBudget.UNBOUNDED);
  }

  /** As {@link #of(byte[][], int, int, boolean)}, a new join counted against {@code budget}. */
  static ByteBuf of(byte[][] parts, int count, int size, boolean chunk, WriteBudget budget) {
    return LAST.get().join(parts, count, size, chunk, budget);
  }

  private ByteBuf join(byte[][] parts, int count, int size, boolean chunk, WriteBudget budget) {
    if (!same(parts, count)) {
      int sizeLine = headLength(size);
      ByteBuf fresh = allocate(PooledByteBufAllocator.DEFAULT, sizeLine + size + 2);
      budget.reserve(fresh.capacity());
      writeHead(fresh, size);
      for (int i = 0; i < count; i++) {
        fresh.writeBytes(parts[i]);
      }
      fresh.writeShort(CRLF);
      if (joined != null) {
        joinedBudget.retire(joined);
      }
      joined = fresh;
      joinedBudget = budget;
      head = sizeLine;
      if (frames.length != count) {
        frames = new byte[count][];
      }
      System.arraycopy(parts, 0, frames, 0, count);
    }
    return chunk
        ? joined.retainedSlice(0, joined.writerIndex())
        : joined.retainedSlice(head, joined.writerIndex() - head - 2);
  }

  /** The length of a chunk's size line: {@code size} in hex, then CRLF. */
  static int headLength(int size) {
    if (size <= 0) {
      throw new IllegalArgumentException("a chunk of " + size + " bytes would end the response");
    }
    return (Integer.SIZE - Integer.numberOfLeadingZeros(size) + 3) / 4 + 2;
  }

  private static void writeHead(ByteBuf out, int size) {
    for (int shift = (headLength(size) - 3) * 4; shift >= 0; shift -= 4) {
      out.writeByte(HEX[(size >>> shift) & 0xf]);
    }
    out.writeShort(CRLF);
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
