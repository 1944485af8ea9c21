package dev.streamgate.stream.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SharedJoinTest {

  private static byte[] frame(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(ByteBuf buffer) {
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Test
  void streamsWritingTheSameFramesShareOneJoin() {
    byte[][] frames = {frame("id: 1\ndata: a\n\n"), frame("id: 2\ndata: b\n\n")};
    int size = frames[0].length + frames[1].length;
    ByteBuf first = SharedJoin.of(frames.clone(), 2, size);
    ByteBuf second = SharedJoin.of(frames.clone(), 2, size);
    assertEquals("id: 1\ndata: a\n\nid: 2\ndata: b\n\n", text(first));
    assertEquals(text(first), text(second));
    assertSame(first.unwrap(), second.unwrap(), "one joined buffer under both duplicates");
    assertTrue(first.isDirect(), "written without a heap-to-direct copy");
    first.release();
    second.release();
  }

  @Test
  void otherFramesOrTheSameFramesInAnotherOrderMiss() {
    byte[] a = frame("a"), b = frame("b"), c = frame("c");
    ByteBuf ab = SharedJoin.of(new byte[][] {a, b}, 2, 2);
    ByteBuf ac = SharedJoin.of(new byte[][] {a, c}, 2, 2);
    ByteBuf ba = SharedJoin.of(new byte[][] {b, a}, 2, 2);
    ByteBuf abc = SharedJoin.of(new byte[][] {a, b, c}, 3, 3);
    byte[] equalBytes = frame("a");
    ByteBuf copyOfA = SharedJoin.of(new byte[][] {equalBytes}, 1, 1);
    ByteBuf justA = SharedJoin.of(new byte[][] {a}, 1, 1);
    assertEquals("ab", text(ab));
    assertEquals("ac", text(ac));
    assertEquals("ba", text(ba));
    assertEquals("abc", text(abc));
    assertEquals("a", text(copyOfA));
    assertEquals("a", text(justA));
    assertNotSame(ab.unwrap(), ac.unwrap());
    assertNotSame(copyOfA.unwrap(), justA.unwrap(), "frames are compared by reference");
    for (ByteBuf buffer : new ByteBuf[] {ab, ac, ba, abc, copyOfA, justA}) {
      buffer.release();
    }
  }

  @Test
  void aReplacedJoinIsFreedOnceItsLastWriteReleasesIt() {
    byte[] a = frame("a"), b = frame("b");
    ByteBuf written = SharedJoin.of(new byte[][] {a}, 1, 1);
    ByteBuf joined = written.unwrap();
    assertEquals(2, joined.refCnt(), "the join's own reference and the write's");
    SharedJoin.of(new byte[][] {b}, 1, 1).release();
    assertEquals(1, joined.refCnt(), "replaced: only the pending write holds it");
    written.release();
    assertEquals(0, joined.refCnt(), "freed back to the pool");
  }

  @Test
  void aBatchTakenFromFrameBatchCarriesItsFrames() {
    FrameBatch batch = new FrameBatch();
    batch.add(frame("x"));
    batch.add(new byte[0]);
    batch.add(frame("yz"));
    assertEquals(3, batch.size());
    var buffer = batch.take();
    assertEquals("xyz", buffer.toString());
    assertTrue(batch.isEmpty());
    buffer.getByteBuf().release();
  }

  @Test
  void exhaustedDirectMemoryIsARuntimeFailureOfTheWriteAndOtherErrorsStayErrors() {
    ByteBufAllocator full =
        failingWith(new OutOfMemoryError("Cannot reserve 65536 bytes of direct buffer memory"));

    SharedJoin.WriteMemoryExhausted failure =
        assertThrows(SharedJoin.WriteMemoryExhausted.class, () -> SharedJoin.allocate(full, 64));

    assertTrue(failure instanceof RuntimeException, "a stream's turn ends its stream on it");
    assertTrue(failure.getMessage().contains("Cannot reserve 65536 bytes"), failure.getMessage());
    assertEquals(64, SharedJoin.allocate(UnpooledByteBufAllocator.DEFAULT, 64).capacity());
    ByteBufAllocator noHeap = failingWith(new OutOfMemoryError("Java heap space"));
    assertThrows(OutOfMemoryError.class, () -> SharedJoin.allocate(noHeap, 64), "the JVM's own");
  }

  /** An allocator whose every direct allocation throws {@code error}. */
  private static ByteBufAllocator failingWith(OutOfMemoryError error) {
    return new AbstractByteBufAllocator(true) {
      @Override
      protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
        throw new UnsupportedOperationException("direct only");
      }

      @Override
      protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
        throw error;
      }

      @Override
      public boolean isDirectBufferPooled() {
        return false;
      }
    };
  }
}
