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
import io.vertx.core.buffer.impl.BufferImpl;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The loop's shared join: one pooled direct buffer per batch, with its chunk framing. */
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
    ByteBuf first = SharedJoin.of(frames.clone(), 2, size, false);
    ByteBuf second = SharedJoin.of(frames.clone(), 2, size, false);
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
    ByteBuf ab = SharedJoin.of(new byte[][] {a, b}, 2, 2, false);
    ByteBuf ac = SharedJoin.of(new byte[][] {a, c}, 2, 2, false);
    ByteBuf ba = SharedJoin.of(new byte[][] {b, a}, 2, 2, false);
    ByteBuf abc = SharedJoin.of(new byte[][] {a, b, c}, 3, 3, false);
    byte[] equalBytes = frame("a");
    ByteBuf copyOfA = SharedJoin.of(new byte[][] {equalBytes}, 1, 1, false);
    ByteBuf justA = SharedJoin.of(new byte[][] {a}, 1, 1, false);
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
    ByteBuf written = SharedJoin.of(new byte[][] {a}, 1, 1, false);
    ByteBuf joined = written.unwrap();
    assertEquals(2, joined.refCnt(), "the join's own reference and the write's");
    SharedJoin.of(new byte[][] {b}, 1, 1, false).release();
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
    var buffer = batch.take(false);
    assertEquals("xyz", buffer.toString());
    assertEquals(3, buffer.length(), "a plain Vert.x buffer: its bytes from index 0");
    assertTrue(batch.isEmpty());
    ((BufferImpl) buffer).byteBuf().release();
  }

  @Test
  void oneJoinCarriesItsChunkFramingAndTheFramesAlone() {
    byte[][] frames = {frame("id: 1\ndata: a\n\n"), frame("id: 2\ndata: b\n\n")};
    int size = frames[0].length + frames[1].length;
    ByteBuf chunk = SharedJoin.of(frames.clone(), 2, size, true);
    ByteBuf alone = SharedJoin.of(frames.clone(), 2, size, false);
    assertEquals("1e\r\nid: 1\ndata: a\n\nid: 2\ndata: b\n\n\r\n", text(chunk));
    assertEquals("id: 1\ndata: a\n\nid: 2\ndata: b\n\n", text(alone));
    assertEquals(0, alone.readerIndex(), "a view of its own, from index 0");
    assertSame(chunk.unwrap(), alone.unwrap(), "framed once for both");
    assertEquals(3, chunk.unwrap().refCnt(), "the join's own reference and the two writes'");
    chunk.release();
    alone.release();
  }

  @Test
  void aBatchTakenAsAChunkIsAPlainBufferOfTheWholeChunk() {
    FrameBatch batch = new FrameBatch();
    batch.add(frame("0123456789abcdef"));
    var buffer = batch.take(true);
    assertEquals("10\r\n0123456789abcdef\r\n", buffer.toString());
    assertEquals(22, buffer.length());
    ((BufferImpl) buffer).byteBuf().release();
  }

  @Property
  void aChunksSizeLineIsItsSizeInHexThenCrlf(@ForAll @IntRange(min = 1) int size) {
    assertEquals((Integer.toHexString(size) + "\r\n").length(), SharedJoin.headLength(size));
  }

  @Property(tries = 300)
  void aJoinedChunkIsTheSizeLineTheFramesAndCrlf(
      @ForAll @IntRange(min = 1, max = 70_000) int size) {
    byte[] frames = new byte[size];
    frames[size - 1] = 'z';
    frames[0] = 'a';
    ByteBuf chunk = SharedJoin.of(new byte[][] {frames}, 1, size, true);
    String line = Integer.toHexString(size) + "\r\n";
    assertEquals(line, chunk.toString(0, line.length(), StandardCharsets.US_ASCII));
    assertEquals(line.length() + size + 2, chunk.readableBytes());
    assertEquals('a', chunk.getByte(line.length()));
    assertEquals(size == 1 ? 'a' : 'z', chunk.getByte(line.length() + size - 1));
    assertEquals("\r\n", chunk.toString(line.length() + size, 2, StandardCharsets.US_ASCII));
    chunk.release();
  }

  @Test
  void anEmptyChunkWouldEndTheResponseAndIsNeverMade() {
    assertThrows(IllegalArgumentException.class, () -> SharedJoin.headLength(0));
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
