package dev.streamgate.stream.delivery;

import io.netty.buffer.ByteBuf;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pod's bound on the direct memory its streams' writes hold: every batch a stream writes is a
 * joined direct buffer ({@link SharedJoin}), which lives until the socket has taken the last write
 * that shares it. Without a bound, a pod offered more than its clients read fills every
 * connection's write queue (Netty's high-water mark plus a batch each: 1.25 GiB at 10,000 streams)
 * and ends streams on an out-of-memory failure.
 *
 * <p>A join reserves its bytes here ({@link #reserve}); they come back when the join is freed: at
 * once when it is replaced and no write holds it any more, else when a {@link #sweep} finds its
 * last write gone ({@link #retire}). Overflow policy: while the bytes held reach the limit, a
 * stream does not fill its next batch ({@link #mayWrite} is false); it waits ({@link #await}) and
 * is signalled once the held bytes fall to three quarters of the limit, its records staying in the
 * topic's window meanwhile (no copy, no queue per stream); while the pod is {@link #strained},
 * streams whose connections stopped taking writes are cut to free what they queued. The bound is
 * soft by at most one batch per event loop (a stream checks before it fills, then joins), and it
 * includes each event loop's last join, kept for the streams that write the same frames.
 *
 * <p>Threads: event loops reserve, retire and wait (a join and a stream's turn are one loop's); one
 * sweeping thread sweeps and wakes the waiting streams; any thread reads {@link #held()}. A retired
 * join is kept by its own reference, so a join seen with no other reference can take no new one:
 * its duplicates were all made by the loop before it was replaced.
 */
public final class WriteBudget {

  /** A stream waiting for the budget; told once, from the sweeping thread, and only signals. */
  public interface Waiter {
    void writable();
  }

  /** No bound: joins are freed by their last write, nothing is counted or kept. */
  public static final WriteBudget UNBOUNDED = new WriteBudget(Long.MAX_VALUE, false);

  private final long limit;
  private final boolean counts;
  private final AtomicLong held = new AtomicLong();
  private final Queue<ByteBuf> retired = new ConcurrentLinkedQueue<>();
  private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();
  private volatile boolean strained;

  /** A budget of {@code limit} bytes of joined writes. */
  public WriteBudget(long limit) {
    this(limit, true);
  }

  private WriteBudget(long limit, boolean counts) {
    if (limit <= 0) {
      throw new IllegalArgumentException("A write budget needs a positive limit, was " + limit);
    }
    this.limit = limit;
    this.counts = counts;
  }

  /** Whether a stream may fill and write its next batch now (its event loop). */
  public boolean mayWrite() {
    return held.get() < limit;
  }

  /**
   * Whether the pod is short of write memory: the budget is spent, or its owner says the pod has
   * not recovered since it was ({@link #strain}). A client whose connection has stopped taking
   * writes is then cut, so that what it queued is freed.
   */
  public boolean strained() {
    return strained || !mayWrite();
  }

  /** The owner's judgement of the pod's state (its sweeping thread). */
  public void strain(boolean strained) {
    this.strained = strained;
  }

  /** A join of {@code bytes} was allocated (its event loop). */
  void reserve(int bytes) {
    if (counts) {
      held.addAndGet(bytes);
    }
  }

  /**
   * A join was replaced by its event loop: freed now if no write holds it, else kept until a sweep
   * finds its last write gone. Takes over the loop's reference.
   */
  void retire(ByteBuf join) {
    if (!counts || join.refCnt() == 1) {
      free(join);
    } else {
      retired.add(join);
    }
  }

  /**
   * Waits for the budget: {@code waiter} is told once the held bytes fall to three quarters of the
   * limit. The caller adds itself at most once until told (a stream holds a flag for it).
   */
  void await(Waiter waiter) {
    waiters.add(waiter);
  }

  /**
   * Frees every retired join no write holds any more, then, when the held bytes are down to three
   * quarters of the limit, tells the waiting streams (one sweeping thread).
   *
   * @return the bytes freed
   */
  public long sweep() {
    long freed = 0;
    for (Iterator<ByteBuf> it = retired.iterator(); it.hasNext(); ) {
      ByteBuf join = it.next();
      if (join.refCnt() == 1) {
        it.remove();
        freed += free(join);
      }
    }
    if (held.get() <= limit - limit / 4) {
      Waiter waiter;
      while ((waiter = waiters.poll()) != null) {
        waiter.writable();
      }
    }
    return freed;
  }

  private long free(ByteBuf join) {
    int bytes = join.capacity();
    join.release();
    if (counts) {
      held.addAndGet(-bytes);
    }
    return bytes;
  }

  /** Bytes of joined writes held now. */
  public long held() {
    return held.get();
  }

  /** The bound. */
  public long limit() {
    return limit;
  }

  /** Joins replaced but still held by a write. */
  public int retiredJoins() {
    return retired.size();
  }

  /** Streams waiting for the budget (some may have ended since; they are told and do nothing). */
  public int waiting() {
    return waiters.size();
  }
}
