package dev.streamgate.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * C long-lived SSE clients that stay open across the steps of the capacity scenario. A step is a
 * range of sequences per partition; each client judges it with its own {@link SeqChecker} and
 * counts an event of an earlier step as late, not as part of the step.
 *
 * <p>The connections are {@link SseClients}' (as {@code run}'s are).
 *
 * <p>Threads: every client is pinned to one event loop, which owns its parser, checker and
 * completion flag; a step begins and ends at a client as a task run on its loop, so the main thread
 * reads a finished step's figures only after every loop handed them over. Latency goes to a
 * {@link Recorder} (many writers, one reader taking interval histograms).
 */
final class ClientSet implements AutoCloseable {

  private final SseClients<StepClient> clients;
  private final Recorder latency = new Recorder(3_600_000_000L, 3);
  private final LongAdder deliveries = new LongAdder();
  private final LongAdder late = new LongAdder();
  private final LongAdder complete = new LongAdder();
  private volatile long lastDelivery;
  private volatile long[] stepFirst = new long[0];
  private volatile long[] stepLast = new long[0];

  ClientSet(URI uri, String readyOn, int threads, int sourceIps, int connectConcurrency) {
    this.clients = new SseClients<>(uri, readyOn, threads, sourceIps, connectConcurrency);
  }

  /** One client: its channel changes when it is reopened, its loop does not. */
  private final class StepClient extends SseClients.Client {
    SeqChecker checker; // loop-owned; null between steps
    boolean stepComplete; // loop-owned

    StepClient(int idx) {
      super(clients, idx);
    }

    @Override
    void onPayload(Payload.Fields f, long now) {
      deliveries.increment();
      lastDelivery = now;
      long[] first = stepFirst;
      long[] last = stepLast;
      int p = f.p;
      SeqChecker k = checker;
      if (k == null || p < 0 || p >= first.length || f.s < first[p]) {
        late.increment();
        return;
      }
      k.onEvent(p, f.s);
      if (f.hasT) {
        long micros = (now - f.t) / 1000;
        if (micros >= 0 && micros < 3_600_000_000L) latency.recordValue(micros);
      }
      if (!stepComplete && f.s >= last[p]) {
        for (int q = 0; q < last.length; q++) if (last[q] >= first[q] && k.last(q) < last[q]) return;
        stepComplete = true;
        complete.increment();
      }
    }
  }

  /** Opens {@code n} clients (bounded concurrency) and waits until each is ready or failed. */
  int connect(int n, long deadline) throws InterruptedException {
    for (int i = 0; i < n; i++) clients.add(new StepClient(i));
    return clients.openAll(clients.clients(), deadline);
  }

  /** Reopens every client that is not open now (closed by the server, or never connected). */
  int reopen(long deadline) throws InterruptedException {
    List<StepClient> closed = new ArrayList<>();
    for (StepClient c : clients.clients()) if (!c.ready) closed.add(c);
    if (closed.isEmpty()) return 0;
    return clients.openAll(closed, deadline);
  }

  /** Clients open now. */
  int open() {
    int n = 0;
    for (StepClient c : clients.clients()) if (c.ready) n++;
    return n;
  }

  /**
   * Starts a step: sequences {@code first[p]} .. {@code first[p]+count[p]-1} per partition. Returns
   * once every loop installed its clients' fresh checkers; deliveries before that count as late.
   */
  void beginStep(long[] first, long[] count) throws InterruptedException {
    long[] last = new long[first.length];
    for (int p = 0; p < first.length; p++) last[p] = first[p] + count[p] - 1;
    stepFirst = first.clone();
    stepLast = last;
    complete.reset();
    clients.onEveryLoop(
        c -> {
          SeqChecker k = new SeqChecker();
          for (int p = 0; p < first.length; p++) k.expectFrom(p, first[p]);
          c.checker = k;
          c.stepComplete = false;
        });
    latency.getIntervalHistogram(); // discard what came in between steps
  }

  /** Clients that have every event of the current step. */
  long complete() {
    return complete.sum();
  }

  /**
   * Ends the step: every loop hands over its clients' checkers (later deliveries count as late).
   * Returns the tally over all C clients asked for; a client that is not open delivered nothing.
   */
  RangeTally endStep(long[] first, long[] count, Collection<long[]> unsent) throws InterruptedException {
    AtomicReference<RangeTally> sum = new AtomicReference<>(RangeTally.NONE);
    clients.onEveryLoop(
        c -> {
          SeqChecker k = c.checker;
          c.checker = null;
          RangeTally t = RangeTally.of(k != null ? k : emptyChecker(first), first, count, unsent);
          sum.accumulateAndGet(t, RangeTally::plus);
        });
    return sum.get();
  }

  private static SeqChecker emptyChecker(long[] first) {
    SeqChecker k = new SeqChecker();
    for (int p = 0; p < first.length; p++) k.expectFrom(p, first[p]);
    return k;
  }

  /** Latency of the step's deliveries since {@link #beginStep}. */
  Histogram takeLatency() {
    return latency.getIntervalHistogram();
  }

  long deliveries() {
    return deliveries.sum();
  }

  long late() {
    return late.sum();
  }

  long closes() {
    return clients.closes();
  }

  long unparsed() {
    return clients.unparsed();
  }

  long lastDelivery() {
    return lastDelivery;
  }

  Map<String, Object> connectMs() {
    return clients.connectMs();
  }

  Map<String, Long> controlEvents() {
    return clients.controlEvents();
  }

  Map<String, Long> topErrors() {
    return clients.topErrors();
  }

  @Override
  public void close() throws InterruptedException {
    clients.close(c -> c.failed = true); // no reopen, no more figures
  }
}
