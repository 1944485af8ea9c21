package dev.streamgate.stream.delivery;

import io.smallrye.mutiny.helpers.Subscriptions;
import io.smallrye.mutiny.operators.AbstractMulti;
import io.smallrye.mutiny.subscription.MultiSubscriber;
import io.vertx.core.buffer.Buffer;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.jboss.logging.Logger;

/**
 * One client's stream as a Mutiny {@code Multi<Buffer>}: a Reactive Streams publisher (checked by
 * the TCK) of batches of frames, handed to the HTTP layer only as fast as it requests them. There
 * is no per-client record queue: a client's backlog is its distance behind the window's end.
 *
 * <p>This is the core: subscription, demand, the serialised turn, emitting and completing. Its
 * parts: the {@link FrameSource} (the real one is {@link RecordDelivery}: lanes, filters, shared
 * frames, catch-up), the {@link StreamDeadlines}, the reused {@link FrameBatch} and the {@link
 * StreamLease} given back exactly once at the end.
 *
 * <p>Threads: every signal (request, cancel, the topic readers, the catch-up pool, the clock, the
 * drain, an operator's {@link OperatorRequests}) only raises a flag or adds demand and then {@link
 * #signal()}s; all state is read and all subscriber signals are sent in {@link #turn()}, which runs
 * on the connection's event loop and at most once at a time (a work-in-progress counter: a signal
 * during a turn makes it loop again instead of scheduling another, so a subscriber requesting from
 * {@code onItem} recurses no deeper). Overflow policy: a client whose connection has not taken a
 * write for {@code slow-client-timeout} when the window moves past it is closed after its last
 * complete event, and one that has not while the pod is short of write memory ({@link
 * WriteBudget#strained}) is cut ({@link StreamCut}: its connection closed, so that what it had
 * queued is freed); either resumes exactly on reconnect from the last complete event it received.
 * While the budget is spent the stream fills no batch and waits to be told (the budget's sweeping
 * thread only signals it); a stream whose lifetime or hand-over comes meanwhile ends without its
 * final id, and its client resumes from the last complete event it received.
 */
public final class ClientStream extends AbstractMulti<Buffer>
    implements Flow.Subscription, RunningStream, ChunkedBatches {

  private static final Logger LOG = Logger.getLogger(ClientStream.class);

  /** Batches one turn emits at most before it yields the event loop to other connections. */
  private static final int BATCHES_PER_TURN = 16;

  // Plain fields behind field updaters rather than Atomic* objects: at 10,000 idle streams every
  // object per stream shows in the pod's memory.
  private static final AtomicLongFieldUpdater<ClientStream> DEMAND =
      AtomicLongFieldUpdater.newUpdater(ClientStream.class, "demand");
  private static final AtomicIntegerFieldUpdater<ClientStream> WIP =
      AtomicIntegerFieldUpdater.newUpdater(ClientStream.class, "wip");
  private static final AtomicIntegerFieldUpdater<ClientStream> SUBSCRIBED =
      AtomicIntegerFieldUpdater.newUpdater(ClientStream.class, "subscribed");
  private static final AtomicIntegerFieldUpdater<ClientStream> AWAITING_WRITES =
      AtomicIntegerFieldUpdater.newUpdater(ClientStream.class, "awaitingWrites");

  private final FrameSource source;
  private final StreamDeadlines deadlines;
  private final StreamLease lease;
  private final Executor loop;
  private final WriteBudget writes;
  private final FrameBatch batch = new FrameBatch();
  private final OperatorRequests operator = new OperatorRequests();
  private final Runnable signal = this::signal;
  private final Runnable turn = this::turn;
  private final WriteBudget.Waiter writable = this::writable;
  private volatile long demand;
  private volatile int wip;
  private volatile int subscribed;
  private volatile int awaitingWrites;
  private volatile boolean cancelled;
  private volatile IllegalArgumentException badRequest;
  private boolean chunks;
  private byte[] opening;
  private MultiSubscriber<? super Buffer> subscriber;
  private boolean done;
  private CloseReason closedBy;
  private long events;
  private long bytes;

  public ClientStream(
      byte[] opening,
      FrameSource source,
      StreamDeadlines deadlines,
      StreamLease lease,
      Executor loop) {
    this.opening = opening;
    this.source = source;
    this.deadlines = deadlines;
    this.lease = lease;
    this.loop = loop;
    this.writes = lease.writes();
  }

  @Override
  public void subscribe(MultiSubscriber<? super Buffer> s) {
    Objects.requireNonNull(s, "subscriber");
    if (!SUBSCRIBED.compareAndSet(this, 0, 1)) {
      Subscriptions.fail(s, new IllegalStateException("A client stream serves one subscriber"));
      return;
    }
    subscriber = s;
    // Hold the turn while subscribing: nothing is signalled before onSubscribe returns (§1.3).
    WIP.set(this, 1);
    deadlines.start();
    source.open(signal);
    lease.register(this);
    s.onSubscribe(this);
    if (WIP.decrementAndGet(this) != 0) {
      loop.execute(turn);
    }
  }

  @Override
  public void request(long n) {
    if (n <= 0) {
      // §3.9: a non-positive request is an error of the subscriber, signalled to it
      badRequest = new IllegalArgumentException("§3.9: request must be positive, was " + n);
    } else {
      Subscriptions.add(DEMAND, this, n);
    }
    signal();
  }

  /**
   * Every batch from now on is a complete HTTP/1.1 chunk. Called by the subscriber in {@code
   * onSubscribe}, where the turn is held: the first turn sees it.
   */
  @Override
  public void frameAsChunks() {
    chunks = true;
  }

  @Override
  public void cancel() {
    cancelled = true;
    signal();
  }

  @Override
  public void tick(long now) {
    if (deadlines.tick(now, demand == 0 || awaitingWrites == 1)) {
      signal();
    }
  }

  @Override
  public void handOver(long retryMillis) {
    deadlines.handOver(retryMillis);
    signal();
  }

  /**
   * This stream's progress, read on its event loop (any thread may ask); null when it has ended.
   */
  @Override
  public CompletableFuture<StreamProgress> inspect() {
    CompletableFuture<StreamProgress> answer = operator.inspect();
    signal();
    return answer;
  }

  /**
   * Closes the stream after a {@code revoked} event that carries its final id (any thread may ask).
   * Completes when the stream has ended: true when the revocation ended it. A client that has not
   * taken its last write gets the event once it does, or is closed without it after {@code
   * slow-client-timeout} (it resumes from the last complete event it received).
   */
  @Override
  public CompletableFuture<Boolean> revoke(String reason) {
    CompletableFuture<Boolean> closed = operator.revoke(reason);
    signal();
    return closed;
  }

  private void signal() {
    if (WIP.getAndIncrement(this) == 0) {
      loop.execute(turn);
    }
  }

  private void turn() {
    int missed = 1;
    do {
      if (!done && step()) {
        // still owed batches: continue in a later task of the loop, keeping the turn
        loop.execute(turn);
        return;
      }
      if (operator.pending()) {
        operator.answer(done ? null : progress(), closedBy);
      }
      missed = WIP.addAndGet(this, -missed);
    } while (missed != 0);
  }

  /** One turn's work; true when it stopped with demand and frames left, to yield the loop. */
  private boolean step() {
    try {
      for (int batches = 0; demand > 0; batches++) {
        if (stopped()) {
          return false;
        }
        if (batches == BATCHES_PER_TURN) {
          return true;
        }
        if (!writes.mayWrite()) {
          if (operator.revokedReason() != null) {
            complete(CloseReason.REVOKED);
            return false;
          }
          if (deadlines.expired()) {
            complete(deadlines.reason(false));
            return false;
          }
          awaitWrites();
          break;
        }
        if (opening != null) {
          batch.add(opening);
          opening = null;
        }
        String revoked = operator.revokedReason();
        if (revoked != null) {
          source.revoked(batch, revoked);
          emit();
          complete(CloseReason.REVOKED);
          return false;
        }
        boolean ended = source.fill(batch);
        if (ended || deadlines.expired()) {
          source.finalId(batch, deadlines.handOverRetryMillis());
          emit();
          complete(deadlines.reason(ended));
          return false;
        }
        if (deadlines.takeExpiryNotice()) {
          source.tokenExpiring(batch, deadlines.credentialExpiryEpochMillis());
        }
        source.caughtUp(batch);
        if (batch.isEmpty() && deadlines.heartbeatDue()) {
          source.heartbeat(batch);
        }
        if (batch.isEmpty()) {
          break;
        }
        emit();
      }
      if (stopped()) {
        return false;
      }
      boolean waiting = demand == 0 || awaitingWrites == 1;
      if (waiting && deadlines.stalled()) {
        // A slow client: nothing written for slow-client-timeout, its connection's queue full or
        // the pod's write budget spent. Revoked, or passed by the window with its queue full, it is
        // closed without waiting any longer (no Kafka reader held for a socket that does not
        // drain); while the pod is short of write memory it is cut, so that what its connection
        // queued is freed: the pod sheds the streams it cannot write rather than stall them all.
        // It resumes from the last complete event it received.
        if (operator.revokedReason() != null) {
          complete(CloseReason.REVOKED);
          return false;
        }
        if (demand == 0 && source.fellBehind()) {
          complete(CloseReason.FELL_BEHIND);
          return false;
        }
        if (writes.strained()) {
          cut(CloseReason.FELL_BEHIND);
          return false;
        }
      }
      source.prefetch(demand > 0);
    } catch (RuntimeException e) {
      LOG.warnf(
          "Stream ended on an unexpected error (%s); the client resumes from its last id",
          e.toString());
      complete(CloseReason.ERROR);
    }
    return false;
  }

  /** Waits for the write budget, once until told. */
  private void awaitWrites() {
    if (AWAITING_WRITES.compareAndSet(this, 0, 1)) {
      writes.await(writable);
    }
  }

  /** The write budget has room again (its sweeping thread). */
  private void writable() {
    AWAITING_WRITES.set(this, 0);
    signal();
  }

  /** Ends the stream when the subscriber cancelled or asked for a non-positive number (§3.9). */
  private boolean stopped() {
    IllegalArgumentException bad = badRequest;
    if (bad != null) {
      MultiSubscriber<? super Buffer> s = subscriber;
      terminate(CloseReason.ERROR);
      s.onFailure(bad);
      return true;
    }
    if (cancelled) {
      terminate(CloseReason.CLIENT_LEFT);
      return true;
    }
    return false;
  }

  private void emit() {
    if (batch.isEmpty()) {
      return;
    }
    int size = batch.size();
    // joined first: a join that finds no direct memory ends the stream with nothing counted
    Buffer frames = batch.take(chunks, writes);
    DEMAND.decrementAndGet(this);
    deadlines.wrote();
    events += source.report();
    bytes += size;
    lease.written(size);
    subscriber.onItem(frames);
  }

  /** Record events written so far. */
  @Override
  public long events() {
    return events;
  }

  /** Bytes written so far. */
  @Override
  public long bytes() {
    return bytes;
  }

  private StreamProgress progress() {
    return new StreamProgress(events, bytes, source.partitions());
  }

  private void complete(CloseReason reason) {
    if (!done) {
      MultiSubscriber<? super Buffer> s = subscriber;
      terminate(reason);
      s.onCompletion();
    }
  }

  /**
   * Ends the stream with a {@link StreamCut}: the HTTP layer closes the connection, dropping what
   * it had queued for it, instead of ending the response after it.
   */
  private void cut(CloseReason reason) {
    if (!done) {
      MultiSubscriber<? super Buffer> s = subscriber;
      terminate(reason);
      s.onFailure(new StreamCut());
    }
  }

  /** Ends the stream: no more signals, the subscriber is dropped (§3.13), the lease given back. */
  private void terminate(CloseReason reason) {
    if (done) {
      return;
    }
    done = true;
    closedBy = reason;
    subscriber = null;
    source.close();
    lease.release(this, reason);
  }
}
