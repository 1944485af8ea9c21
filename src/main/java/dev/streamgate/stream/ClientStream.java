package dev.streamgate.stream;

import dev.streamgate.cursor.Cursor;
import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.start.StartPlan;
import dev.streamgate.tail.CatchUpReader;
import dev.streamgate.tail.WindowEntry;
import dev.streamgate.wire.ControlBodies;
import dev.streamgate.wire.EventEncoder;
import dev.streamgate.wire.EventTypes;
import dev.streamgate.wire.Format;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
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
 * whose next record is evicted from the window (a burst larger than the window) continues from a
 * catch-up reader in place, exactly from its position; one whose connection has not taken a write
 * for {@code slow-client-timeout} when that happens (a slow client) is closed instead, and its
 * reconnect resumes exactly from its last complete event.
 */
final class ClientStream implements Flow.Publisher<Buffer>, StreamClock.Tickable {

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
      long slowClientNanos,
      long credentialExpiryEpochMillis) {}

  /** The shared services a stream uses, and what it tells them when it starts and ends. */
  interface Resources {
    CatchUpReader newCatchUpReader(Runnable onBatch);

    void register(ClientStream stream, List<Lane> lanes);

    /** A batch of this many bytes was handed to the HTTP layer. */
    void written(int bytes);

    /** A lane fell out of its window and went back to a catch-up reader in place. */
    void fellOutOfWindow();

    void release(ClientStream stream, List<Lane> lanes, CloseReason reason);
  }

  private final List<Lane> lanes;
  private final Settings settings;
  private final Resources resources;
  private final Executor loop;
  // Plain fields behind field updaters rather than Atomic* objects: at 10,000 idle streams every
  // object per stream shows in the pod's memory.
  private static final AtomicLongFieldUpdater<ClientStream> DEMAND =
      AtomicLongFieldUpdater.newUpdater(ClientStream.class, "demand");
  private static final AtomicIntegerFieldUpdater<ClientStream> SCHEDULED =
      AtomicIntegerFieldUpdater.newUpdater(ClientStream.class, "scheduled");
  private static final AtomicIntegerFieldUpdater<ClientStream> SUBSCRIBED =
      AtomicIntegerFieldUpdater.newUpdater(ClientStream.class, "subscribed");

  private byte[] opening;
  private volatile long demand;
  private volatile int scheduled;
  private volatile int subscribed;

  /** Catch-up records not sent yet; created for streams that catch up. */
  private ArrayDeque<CatchUpReader.Item> pending;

  private final Runnable signal = this::signal;
  private Flow.Subscriber<? super Buffer> subscriber;
  private CatchUpReader catchUp;
  private boolean catchUpInFlight;
  private volatile boolean cancelled;
  private volatile boolean heartbeatDue;
  private volatile boolean expired;
  private volatile long drainRetryMillis = -1;
  private volatile long lastWrite;
  private volatile long deadline;
  private boolean credentialDeadline;
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
  public void subscribe(Flow.Subscriber<? super Buffer> s) {
    if (!SUBSCRIBED.compareAndSet(this, 0, 1)) {
      s.onSubscribe(new NoSubscription());
      s.onError(new IllegalStateException("A client stream serves one subscriber"));
      return;
    }
    subscriber = s;
    lastWrite = System.nanoTime();
    deadline = lastWrite + settings.lifetimeNanos();
    long credentialEnd = lastWrite + credentialNanos(settings.credentialExpiryEpochMillis());
    if (credentialEnd - deadline < 0) {
      // The caller's token expires first: end then, after the final id; the client resumes with a
      // new token.
      deadline = credentialEnd;
      credentialDeadline = true;
    }
    lanes.forEach(lane -> lane.tail.addListener(signal));
    resources.register(this, lanes);
    s.onSubscribe(
        new Flow.Subscription() {
          @Override
          public void request(long n) {
            if (n <= 0) {
              cancelled = true;
            } else {
              DEMAND.accumulateAndGet(
                  ClientStream.this, n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
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

  /** Nanoseconds from now until the credential expires; about 292 years when it never does. */
  private static long credentialNanos(long expiryEpochMillis) {
    if (expiryEpochMillis == Long.MAX_VALUE) {
      return Long.MAX_VALUE / 2;
    }
    long millis = Math.max(0, expiryEpochMillis - System.currentTimeMillis());
    return Math.min(Long.MAX_VALUE / 2, millis * 1_000_000L);
  }

  private CloseReason expiredReason(boolean retired) {
    if (drainRetryMillis >= 0) {
      return CloseReason.DRAIN;
    }
    if (retired) {
      return CloseReason.TOPIC_CHANGED;
    }
    return credentialDeadline ? CloseReason.TOKEN_EXPIRED : CloseReason.LIFETIME;
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
    if (demand == 0 && now - lastWrite >= settings.slowClientNanos()) {
      // a write pending this long: check whether the window has moved past this client
      signal();
    }
  }

  @Override
  public void drain(long retryMillis) {
    drainRetryMillis = retryMillis;
    expired = true;
    signal();
  }

  private void signal() {
    if (SCHEDULED.compareAndSet(this, 0, 1)) {
      loop.execute(this::drain);
    }
  }

  private void drain() {
    scheduled = 0;
    if (done) {
      return;
    }
    try {
      if (cancelled) {
        terminate(CloseReason.CLIENT_LEFT);
        return;
      }
      while (demand > 0) {
        Batch out = new Batch();
        if (!opened) {
          out.writeBytes(opening);
          opening = null;
          opened = true;
        }
        takeCatchUpBatch();
        fill(out);
        joinWindows();
        boolean retired = anyRetired();
        if (retired) {
          // The topic changed under this stream: what was read is exact, the rest is replanned
          // on reconnect against the topic as it is now.
          expired = true;
        }
        if (expired) {
          out.writeBytes(finalId());
          if (drainRetryMillis >= 0) {
            out.writeBytes(settings.encoder().open(drainRetryMillis));
          }
          emit(out);
          complete(expiredReason(retired));
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
      if (demand == 0
          && System.nanoTime() - lastWrite >= settings.slowClientNanos()
          && lanes.stream().anyMatch(l -> l.live() && l.reader().fellBehind())) {
        // A slow client: its connection has not taken a write for slow-client-timeout and the
        // window moved past it. Do not hold a Kafka reader for a socket that does not drain;
        // close the stream and the client resumes from the last complete event it received.
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

  /**
   * Frames records until the batch is full. A lane whose next record was evicted while the
   * connection was taking writes (a burst outran it, not a stalled socket) goes back to a catch-up
   * reader in place, from exactly its position: no reconnect, no gap, no duplicate.
   */
  private void fill(Batch out) {
    while (out.size() < settings.maxBatchBytes() && hasPending()) {
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
              "A client fell out of the window of %s; catching it up in place", lane.topic());
          lane.leaveWindow();
          resources.fellOutOfWindow();
        }
      }
    }
  }

  private void deliver(Lane lane, WindowEntry entry, Batch out) {
    String type = entry.type(settings.typeHeader(), EventTypes::of);
    if (!settings.filter().accepts(entry.record().key(), type)) {
      return;
    }
    lane.framed();
    int format = settings.format().ordinal();
    if (lanes.size() == 1 && lane.reader().aligned()) {
      // The fan-out path: the frame is cached after its first client, so no lambda is built here.
      byte[] shared = entry.cachedFrame(2 * format + 1);
      if (shared == null) {
        shared =
            entry.frame(
                2 * format + 1, e -> settings.encoder().withId(e.sharedId(), body(e, type)));
      }
      out.writeBytes(shared);
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

  private void deliver(CatchUpReader.Item item, Batch out) {
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

  // Loops, not streams: these run on every drain of every client.
  private boolean anyRetired() {
    for (Lane lane : lanes) {
      if (lane.tail.retired()) {
        return true;
      }
    }
    return false;
  }

  private boolean allLive() {
    for (Lane lane : lanes) {
      if (!lane.live()) {
        return false;
      }
    }
    return true;
  }

  private boolean hasPending() {
    return pending != null && !pending.isEmpty();
  }

  private void ensureCatchUp() {
    if (catchUp == null && !allLive()) {
      catchUp = resources.newCatchUpReader(signal);
    }
  }

  private void takeCatchUpBatch() {
    ensureCatchUp();
    if (catchUpInFlight) {
      List<CatchUpReader.Item> batch = catchUp.take();
      if (batch != null) {
        if (pending == null) {
          pending = new ArrayDeque<>(batch.size());
        }
        pending.addAll(batch);
        catchUpInFlight = false;
      }
    }
  }

  /** Moves lanes whose catch-up reached the window onto it, and ends catch-up when none is left. */
  private void joinWindows() {
    if (catchUp == null || catchUpInFlight || hasPending()) {
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
    if (!done && demand > 0) {
      ensureCatchUp();
    }
    if (catchUp == null || catchUpInFlight || hasPending() || demand == 0 || done) {
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
    if (caughtUp || hasPending() || !lanes.stream().allMatch(Lane::reachedHead)) {
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

  private void emit(Batch out) {
    if (out.size() == 0) {
      return;
    }
    DEMAND.decrementAndGet(this);
    lastWrite = System.nanoTime();
    heartbeatDue = false;
    for (Lane lane : lanes) {
      events += lane.report();
    }
    bytes += out.size();
    resources.written(out.size());
    subscriber.onNext(out.toBuffer());
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

  /**
   * The frames of one write. A single frame (the live fan-out case) is handed to Vert.x as the
   * shared array itself, not copied per client; several are joined into one array (one copy, and
   * one plain buffer for Netty rather than a composite of many small ones).
   */
  private static final class Batch {

    private byte[][] parts;
    private int count;
    private int size;

    void writeBytes(byte[] frame) {
      if (frame.length == 0) {
        return;
      }
      if (parts == null) {
        parts = new byte[4][];
      } else if (count == parts.length) {
        parts = Arrays.copyOf(parts, count * 2);
      }
      parts[count++] = frame;
      size += frame.length;
    }

    int size() {
      return size;
    }

    Buffer toBuffer() {
      if (count == 1) {
        return Buffer.buffer(Unpooled.wrappedBuffer(parts[0]));
      }
      byte[] joined = new byte[size];
      int at = 0;
      for (int i = 0; i < count; i++) {
        System.arraycopy(parts[i], 0, joined, at, parts[i].length);
        at += parts[i].length;
      }
      return Buffer.buffer(Unpooled.wrappedBuffer(joined));
    }
  }

  private static final class NoSubscription implements Flow.Subscription {
    @Override
    public void request(long n) {}

    @Override
    public void cancel() {}
  }
}
