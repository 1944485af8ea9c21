package dev.streamgate.stream;

import dev.streamgate.cursor.Cursor;
import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.tail.CatchUpReader;
import dev.streamgate.tail.WindowEntry;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * One client's stream: reads its topics' windows at its own pace (or a catch-up reader until it
 * can), frames what passes its filters, and hands batches to the HTTP layer only as fast as the
 * connection takes them.
 *
 * <p>Everything runs in {@link #drain()}, which is serialised on the connection's event loop: the
 * tail, the catch-up pool, the clock and the HTTP layer only signal. There is no per-client record
 * queue: a client's backlog is its distance behind the window's end. Overflow policy: a client
 * whose next record is evicted from the window has fallen behind; it is sent its current id and
 * closed, and its reconnect resumes exactly through a catch-up reader.
 */
final class ClientStream implements Flow.Publisher<byte[]>, StreamClock.Tickable {

  private static final Logger LOG = Logger.getLogger(ClientStream.class);

  /** Everything a stream needs besides its lanes; shared settings and services. */
  record Settings(
      EventEncoder encoder,
      Format format,
      CursorCodec codec,
      RecordFilter filter,
      String typeHeader,
      long retryMillis,
      int maxBatchBytes,
      long heartbeatNanos,
      long lifetimeNanos,
      long credentialExpiryEpochMillis) {}

  /** The shared services a stream uses, and what it tells them when it starts and ends. */
  interface Resources {
    CatchUpReader newCatchUpReader(Runnable onBatch);

    void register(ClientStream stream, List<Lane> lanes);

    /** A batch of this many bytes was handed to the HTTP layer. */
    void written(int bytes);

    void release(ClientStream stream, List<Lane> lanes, CloseReason reason);
  }

  private final List<Lane> lanes;
  private final Settings settings;
  private final Resources resources;
  private final Executor loop;
  private final byte[] opening;
  private final AtomicLong demand = new AtomicLong();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicBoolean subscribed = new AtomicBoolean();
  private final ArrayDeque<CatchUpReader.Item> pending = new ArrayDeque<>();
  private final Runnable signal = this::signal;
  private Flow.Subscriber<? super byte[]> subscriber;
  private CatchUpReader catchUp;
  private boolean catchUpInFlight;
  private volatile boolean cancelled;
  private volatile boolean heartbeatDue;
  private volatile boolean expired;
  private volatile long drainRetryMillis = -1;
  private volatile long lastWrite;
  private volatile long deadline;
  private volatile long credentialDeadline;
  private volatile boolean credentialExpired;
  private boolean opened;
  private boolean caughtUp;
  private boolean done;
  private String lastSentId;
  private long events;
  private long bytes;

  ClientStream(
      String startId,
      List<Lane> lanes,
      byte[] opening,
      Settings settings,
      Resources resources,
      Executor loop) {
    this.lanes = lanes;
    this.opening = opening;
    this.settings = settings;
    this.resources = resources;
    this.loop = loop;
    this.lastSentId = startId;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super byte[]> s) {
    if (!subscribed.compareAndSet(false, true)) {
      s.onSubscribe(new NoSubscription());
      s.onError(new IllegalStateException("A client stream serves one subscriber"));
      return;
    }
    subscriber = s;
    lastWrite = System.nanoTime();
    deadline = lastWrite + settings.lifetimeNanos();
    credentialDeadline = lastWrite + credentialNanos(settings.credentialExpiryEpochMillis());
    lanes.forEach(lane -> lane.tail.addListener(signal));
    resources.register(this, lanes);
    s.onSubscribe(
        new Flow.Subscription() {
          @Override
          public void request(long n) {
            if (n <= 0) {
              cancelled = true;
            } else {
              demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            }
            signal();
          }

          @Override
          public void cancel() {
            cancelled = true;
            signal();
          }
        });
  }

  @Override
  public void tick(long now) {
    if (now - lastWrite >= settings.heartbeatNanos()) {
      heartbeatDue = true;
      signal();
    }
    if (now - deadline >= 0) {
      expired = true;
      signal();
    }
    if (now - credentialDeadline >= 0) {
      // The caller's token expired: end after the final id; the client resumes with a new token.
      credentialExpired = true;
      expired = true;
      signal();
    }
  }

  /** Nanoseconds from now until the credential expires; about 292 years when it never does. */
  private static long credentialNanos(long expiryEpochMillis) {
    if (expiryEpochMillis == Long.MAX_VALUE) {
      return Long.MAX_VALUE / 2;
    }
    long millis = Math.max(0, expiryEpochMillis - System.currentTimeMillis());
    return Math.min(Long.MAX_VALUE / 2, millis * 1_000_000L);
  }

  @Override
  public void drain(long retryMillis) {
    drainRetryMillis = retryMillis;
    expired = true;
    signal();
  }

  private void signal() {
    if (scheduled.compareAndSet(false, true)) {
      loop.execute(this::drain);
    }
  }

  private void drain() {
    scheduled.set(false);
    if (done) {
      return;
    }
    try {
      if (cancelled) {
        terminate(CloseReason.CLIENT_LEFT);
        return;
      }
      while (demand.get() > 0) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!opened) {
          out.writeBytes(opening);
          opened = true;
        }
        takeCatchUpBatch();
        boolean fellBehind = fill(out);
        joinWindows();
        boolean retired = lanes.stream().anyMatch(l -> l.tail.retired());
        if (retired) {
          // The topic changed under this stream: what was read is exact, the rest is replanned
          // on reconnect against the topic as it is now.
          expired = true;
        }
        if (fellBehind || expired) {
          out.writeBytes(finalId());
          if (drainRetryMillis >= 0) {
            out.writeBytes(settings.encoder().open(drainRetryMillis));
          }
          emit(out);
          complete(fellBehind ? CloseReason.FELL_BEHIND : expiredReason(retired));
          return;
        }
        out.writeBytes(caughtUpIfReached());
        if (out.size() == 0 && heartbeatDue) {
          out.writeBytes(idle());
        }
        if (out.size() == 0) {
          break;
        }
        emit(out);
      }
      if (demand.get() == 0 && lanes.stream().anyMatch(l -> l.live() && l.reader().fellBehind())) {
        // The connection does not take what was written; do not wait for it to close the
        // stream. The client resumes from the last complete event it received.
        complete(CloseReason.FELL_BEHIND);
        return;
      }
      requestCatchUp();
    } catch (RuntimeException e) {
      LOG.warnf(
          "Stream ended on an unexpected error (%s); the client resumes from its last id",
          e.toString());
      complete(CloseReason.ERROR);
    }
  }

  private CloseReason expiredReason(boolean retired) {
    if (drainRetryMillis >= 0) {
      return CloseReason.DRAIN;
    }
    if (retired) {
      return CloseReason.TOPIC_CHANGED;
    }
    return credentialExpired ? CloseReason.TOKEN_EXPIRED : CloseReason.LIFETIME;
  }

  /** Frames records until the batch is full; true when a lane fell out of its window. */
  private boolean fill(ByteArrayOutputStream out) {
    while (out.size() < settings.maxBatchBytes() && !pending.isEmpty()) {
      deliver(pending.poll(), out);
    }
    boolean progress = true;
    while (progress && out.size() < settings.maxBatchBytes()) {
      progress = false;
      for (Lane lane : lanes) {
        if (!lane.live()) {
          continue;
        }
        WindowEntry entry = lane.reader().poll();
        if (entry != null) {
          deliver(lane, entry, out);
          progress = true;
        } else if (lane.reader().fellBehind()) {
          LOG.debugf(
              "A client fell out of the window of %s; closing it after its last id", lane.topic());
          return true;
        }
      }
    }
    return false;
  }

  private void deliver(Lane lane, WindowEntry entry, ByteArrayOutputStream out) {
    String type = entry.type(r -> EventTypes.of(r.headers(), settings.typeHeader()));
    if (!settings.filter().accepts(entry.record().key(), type)) {
      return;
    }
    lane.framed();
    int format = settings.format().ordinal();
    if (lanes.size() == 1 && lane.reader().aligned()) {
      out.writeBytes(
          entry.frame(2 * format + 1, e -> settings.encoder().withId(e.sharedId(), body(e, type))));
      lastSentId = entry.sharedId();
    } else {
      String id = currentId();
      out.writeBytes(settings.encoder().withId(id, entry.frame(2 * format, e -> body(e, type))));
      lastSentId = id;
    }
  }

  private byte[] body(WindowEntry entry, String type) {
    return settings.encoder().body(type, entry.record());
  }

  private void deliver(CatchUpReader.Item item, ByteArrayOutputStream out) {
    if (item instanceof CatchUpReader.Record r) {
      ConsumerRecord<byte[], byte[]> record = r.record();
      Lane lane = lane(record.topic());
      if (record.offset() < lane.next(record.partition())) {
        return;
      }
      lane.delivered(record.partition(), record.offset());
      String type = EventTypes.of(record.headers(), settings.typeHeader());
      if (settings.filter().accepts(record.key(), type)) {
        lane.framed();
        String id = currentId();
        out.writeBytes(settings.encoder().record(id, type, record));
        lastSentId = id;
      }
    } else if (item instanceof CatchUpReader.Gap gap) {
      lane(gap.partition().topic()).skipTo(gap.partition().partition(), gap.resumedAt());
      String id = currentId();
      StartPlan.Gap body =
          new StartPlan.Gap(
              gap.partition().topic(),
              gap.partition().partition(),
              gap.requested(),
              gap.resumedAt());
      out.writeBytes(settings.encoder().control("gap", id, ControlBodies.gap(List.of(body))));
      lastSentId = id;
    }
  }

  private void takeCatchUpBatch() {
    if (catchUp == null && lanes.stream().anyMatch(l -> !l.live())) {
      catchUp = resources.newCatchUpReader(signal);
    }
    if (catchUpInFlight) {
      List<CatchUpReader.Item> batch = catchUp.take();
      if (batch != null) {
        pending.addAll(batch);
        catchUpInFlight = false;
      }
    }
  }

  /** Moves lanes whose catch-up reached the window onto it, and ends catch-up when none is left. */
  private void joinWindows() {
    if (catchUp == null || catchUpInFlight || !pending.isEmpty()) {
      return;
    }
    Map<TopicPartition, Long> positions = catchUp.positions();
    boolean anyBehind = false;
    for (Lane lane : lanes) {
      if (!lane.live() && !lane.tryJoin(readerPositions(lane, positions))) {
        anyBehind = true;
      }
    }
    if (!anyBehind) {
      catchUp.close();
      catchUp = null;
    }
  }

  private static long[] readerPositions(Lane lane, Map<TopicPartition, Long> positions) {
    long[] result = new long[lane.partitions()];
    for (int p = 0; p < result.length; p++) {
      result[p] = positions.getOrDefault(new TopicPartition(lane.topic(), p), 0L);
    }
    return result;
  }

  private void requestCatchUp() {
    if (catchUp == null || catchUpInFlight || !pending.isEmpty() || demand.get() == 0 || done) {
      return;
    }
    Map<TopicPartition, Long> from = new HashMap<>();
    for (Lane lane : lanes) {
      if (!lane.live()) {
        for (int p = 0; p < lane.partitions(); p++) {
          from.put(new TopicPartition(lane.topic(), p), lane.next(p));
        }
      }
    }
    catchUpInFlight = true;
    catchUp.fetch(from);
  }

  private byte[] caughtUpIfReached() {
    if (caughtUp || !pending.isEmpty() || !lanes.stream().allMatch(Lane::reachedHead)) {
      return new byte[0];
    }
    caughtUp = true;
    String id = currentId();
    lastSentId = id;
    return settings.encoder().control("caught-up", id, ControlBodies.caughtUp(cursor()));
  }

  private byte[] idle() {
    String id = currentId();
    if (id.equals(lastSentId)) {
      return settings.encoder().heartbeat(null);
    }
    lastSentId = id;
    return settings.encoder().heartbeat(id);
  }

  /** Before closing: make sure the client's last id is its real position (filters skip frames). */
  private byte[] finalId() {
    String id = currentId();
    if (id.equals(lastSentId)) {
      return new byte[0];
    }
    lastSentId = id;
    return settings.encoder().heartbeat(id);
  }

  private void emit(ByteArrayOutputStream out) {
    if (out.size() == 0) {
      return;
    }
    demand.decrementAndGet();
    lastWrite = System.nanoTime();
    heartbeatDue = false;
    for (Lane lane : lanes) {
      events += lane.report();
    }
    bytes += out.size();
    resources.written(out.size());
    subscriber.onNext(out.toByteArray());
  }

  /** Record events written so far. */
  long events() {
    return events;
  }

  /** Bytes written so far. */
  long bytes() {
    return bytes;
  }

  private void complete(CloseReason reason) {
    if (!done) {
      terminate(reason);
      subscriber.onComplete();
    }
  }

  private void terminate(CloseReason reason) {
    if (done) {
      return;
    }
    done = true;
    lanes.forEach(lane -> lane.tail.removeListener(signal));
    if (catchUp != null) {
      catchUp.close();
      catchUp = null;
    }
    resources.release(this, lanes, reason);
  }

  private Lane lane(String topic) {
    for (Lane lane : lanes) {
      if (lane.topic().equals(topic)) {
        return lane;
      }
    }
    throw new IllegalStateException("Record of a topic this stream does not read: " + topic);
  }

  private Cursor cursor() {
    List<TopicPosition> positions = new ArrayList<>(lanes.size());
    lanes.forEach(lane -> positions.add(lane.position()));
    return Cursor.of(positions);
  }

  private String currentId() {
    return settings.codec().encode(cursor());
  }

  private static final class NoSubscription implements Flow.Subscription {
    @Override
    public void request(long n) {}

    @Override
    public void cancel() {}
  }
}
