package dev.streamgate.stream.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The write budget over real pooled joins ({@link SharedJoin}): what a join reserves, when its
 * bytes come back (at once when no write holds it, at a sweep once its last write let go), the
 * bound, and the streams told when room comes back.
 */
class WriteBudgetTest {

  private final List<ByteBuf> writes = new ArrayList<>();

  @AfterEach
  void releasePendingWrites() {
    writes.forEach(ByteBuf::release);
    // the loop's last join is kept for sharing: replace it with one outside any budget
    SharedJoin.of(new byte[][] {frame(1)}, 1, 1, false).release();
  }

  private static byte[] frame(int size) {
    byte[] b = new byte[size];
    java.util.Arrays.fill(b, (byte) 'x');
    return b;
  }

  /** The socket took the write: its reference is released (pooled duplicates are recycled). */
  private void taken(ByteBuf write) {
    writes.remove(write);
    write.release();
  }

  /** The bytes a join of {@code size} bytes of frames holds: they and their chunk framing. */
  private static long joined(int size) {
    return size + SharedJoin.headLength(size) + 2;
  }

  /** One stream's write of a new join of {@code size} bytes, held until it is released. */
  private ByteBuf write(WriteBudget budget, int size) {
    ByteBuf w = SharedJoin.of(new byte[][] {frame(size)}, 1, size, false, budget);
    writes.add(w);
    return w;
  }

  @Test
  void aJoinReservesItsBytesAndAReplacedJoinNoWriteHoldsComesBackAtOnce() {
    WriteBudget budget = new WriteBudget(10_000);
    ByteBuf first = write(budget, 1000);
    assertThat(budget.held()).isEqualTo(joined(1000));
    taken(first); // the socket took it
    write(budget, 500); // replaces the first join
    assertThat(budget.held()).as("the first join was freed on replacement").isEqualTo(joined(500));
    assertThat(budget.retiredJoins()).isZero();
  }

  @Test
  void aReplacedJoinAWriteStillHoldsComesBackAtTheSweepAfterItsLastWrite() {
    WriteBudget budget = new WriteBudget(10_000);
    byte[][] frames = {frame(1000)};
    ByteBuf pending = SharedJoin.of(frames, 1, 1000, false, budget);
    ByteBuf sharing = SharedJoin.of(frames, 1, 1000, false, budget);
    writes.add(pending);
    writes.add(sharing);
    assertThat(budget.held()).as("two streams, one join").isEqualTo(joined(1000));
    taken(write(budget, 200));
    assertThat(budget.held()).isEqualTo(joined(1000) + joined(200));
    assertThat(budget.retiredJoins()).isEqualTo(1);
    assertThat(budget.sweep()).as("both writes still pending").isZero();
    taken(pending);
    assertThat(budget.sweep()).as("one write still pending").isZero();
    taken(sharing);
    assertThat(budget.sweep()).isEqualTo(joined(1000));
    assertThat(budget.held()).isEqualTo(joined(200));
    assertThat(budget.retiredJoins()).isZero();
  }

  @Test
  void atTheLimitNoStreamMayWriteUntilASweepFreesEnough() {
    WriteBudget budget = new WriteBudget(4 * joined(1000));
    List<ByteBuf> pending = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      pending.add(write(budget, 1000));
    }
    assertThat(budget.mayWrite()).isFalse();
    AtomicInteger told = new AtomicInteger();
    budget.await(told::incrementAndGet);
    budget.await(told::incrementAndGet);
    assertThat(budget.waiting()).isEqualTo(2);

    taken(pending.get(0));
    budget.sweep();
    assertThat(budget.held()).isEqualTo(3 * joined(1000));
    assertThat(budget.mayWrite()).isTrue();
    assertThat(told).as("room comes back at three quarters of the limit").hasValue(2);
    assertThat(budget.waiting()).isZero();
  }

  @Test
  void waitersAreNotToldAboveThreeQuarters() {
    WriteBudget budget = new WriteBudget(8 * joined(500));
    List<ByteBuf> pending = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      pending.add(write(budget, 500));
    }
    AtomicInteger told = new AtomicInteger();
    budget.await(told::incrementAndGet);
    taken(pending.get(0));
    budget.sweep();
    assertThat(budget.held()).isEqualTo(7 * joined(500));
    assertThat(budget.mayWrite()).isTrue();
    assertThat(told).hasValue(0);
    taken(pending.get(1));
    budget.sweep();
    assertThat(told).hasValue(1);
  }

  @Test
  void theUnboundedBudgetCountsNothingAndKeepsNothing() {
    ByteBuf pending = write(WriteBudget.UNBOUNDED, 1000);
    taken(write(WriteBudget.UNBOUNDED, 10));
    assertThat(WriteBudget.UNBOUNDED.held()).isZero();
    assertThat(WriteBudget.UNBOUNDED.retiredJoins()).isZero();
    assertThat(pending.unwrap().refCnt()).as("freed by its last write, as before").isEqualTo(1);
    assertThat(WriteBudget.UNBOUNDED.mayWrite()).isTrue();
  }

  @Test
  void aFrameIsJoinedIntact() {
    WriteBudget budget = new WriteBudget(10_000);
    byte[] a = "id: 1\ndata: a\n\n".getBytes(StandardCharsets.UTF_8);
    ByteBuf w = SharedJoin.of(new byte[][] {a}, 1, a.length, false, budget);
    writes.add(w);
    assertThat(w.toString(StandardCharsets.UTF_8)).isEqualTo("id: 1\ndata: a\n\n");
  }
}
