package dev.streamgate.stream.delivery;

import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.tail.CatchUpReader;
import dev.streamgate.tail.TestTails;
import dev.streamgate.tail.TopicTail;
import dev.streamgate.wire.Format;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A real client stream (core, record delivery, deadlines) over one never-started topic reader: no
 * Kafka, no HTTP. Its loop runs each turn at once on the signalling thread (counting them) and its
 * clock is the test's, so every step is deterministic.
 */
final class StreamCoreFixture {

  static final Duration HEARTBEAT = Duration.ofSeconds(15);
  static final Duration LIFETIME = Duration.ofMinutes(10);
  static final Duration SLOW_CLIENT = Duration.ofSeconds(30);
  static final Duration EXPIRY_NOTICE = Duration.ofSeconds(20);
  static final byte[] OPENING = "id: \nevent: stream-info\nretry: 1000\ndata: {}\n\n".getBytes();

  final CursorCodec codec = new CursorCodec(4096);
  final String topic = "prices";
  final TopicTail tail;
  final AtomicLong now = new AtomicLong(1_000_000_000L);

  /** Turns the stream's loop ran: each one a wake-up (or a yield) that found the stream idle. */
  final AtomicInteger turns = new AtomicInteger();

  final FakeLease lease = new FakeLease();
  final StreamSettings settings;
  final ClientStream stream;

  StreamCoreFixture(RecordFilter filter, int maxBatchBytes, int windowRecords, long tokenExpiry) {
    this(filter, maxBatchBytes, windowRecords, tokenExpiry, WriteBudget.UNBOUNDED);
  }

  StreamCoreFixture(
      RecordFilter filter,
      int maxBatchBytes,
      int windowRecords,
      long tokenExpiry,
      WriteBudget budget) {
    lease.budget = budget;
    tail = TestTails.tail(topic, codec, windowRecords);
    settings =
        StreamSettings.builder()
            .format(Format.RAW)
            .codec(codec)
            .filter(filter)
            .typeHeader("type")
            .maxBatchBytes(maxBatchBytes)
            .heartbeat(HEARTBEAT)
            .lifetime(LIFETIME)
            .slowClient(SLOW_CLIENT)
            .credentialExpiry(
                tokenExpiry == Long.MAX_VALUE
                    ? Optional.empty()
                    : Optional.of(Instant.ofEpochMilli(tokenExpiry)))
            .expiryNotice(EXPIRY_NOTICE)
            .build();
    Lane lane =
        new Lane(
            tail,
            TestTails.snapshot(topic),
            new TopicPosition(topic, TestTails.FINGERPRINT, new long[1]),
            new NoMeters());
    lane.wakeOn(filter.keys()); // as the opener does for a stream that is not conflated
    if (!lane.tryJoin(new long[0])) {
      throw new IllegalStateException("the lane starts in its window");
    }
    stream =
        new ClientStream(
            OPENING,
            new RecordDelivery(TestTails.sharedId(topic, codec, 0), List.of(lane), settings, lease),
            new StreamDeadlines(settings, now::get),
            lease,
            turn -> {
              turns.incrementAndGet();
              turn.run();
            });
  }

  StreamCoreFixture() {
    this(RecordFilter.NONE, 64 * 1024, 1000, Long.MAX_VALUE);
  }

  static StreamCoreFixture filtered(String key) {
    return new StreamCoreFixture(
        new RecordFilter(Set.of(key), Set.of()), 64 * 1024, 1000, Long.MAX_VALUE);
  }

  AssertSubscriber<Buffer> subscribe() {
    AssertSubscriber<Buffer> subscriber = AssertSubscriber.create(0);
    stream.subscribe(subscriber);
    return subscriber;
  }

  void append(String key, String value) {
    TestTails.append(tail, codec, key, value);
  }

  /** Moves the test clock on and lets the stream look at its deadlines, as the clock does. */
  void advance(Duration by) {
    stream.tick(now.addAndGet(by.toNanos()));
  }

  String id(long next) {
    return TestTails.sharedId(topic, codec, next);
  }

  String text(byte[] frame) {
    return new String(frame);
  }

  static List<String> texts(AssertSubscriber<Buffer> subscriber) {
    return subscriber.getItems().stream().map(Buffer::toString).toList();
  }

  /** The lane's topic meters: these tests read what the stream wrote, not the pod's meters. */
  static class NoMeters implements LaneMeters {
    @Override
    public void opened() {}

    @Override
    public void closed() {}

    @Override
    public void delivered(int events) {}

    @Override
    public void merged(int batches) {}

    @Override
    public void rebuilt(boolean fromKafka) {}
  }

  /** Counts what the stream tells the pod; no catch-up readers (every lane stays in its window). */
  static final class FakeLease implements StreamLease {
    final AtomicLong registered = new AtomicLong();
    final AtomicLong written = new AtomicLong();
    final List<CloseReason> released = new CopyOnWriteArrayList<>();
    volatile WriteBudget budget = WriteBudget.UNBOUNDED;

    @Override
    public WriteBudget writes() {
      return budget;
    }

    @Override
    public void register(RunningStream stream) {
      registered.incrementAndGet();
    }

    @Override
    public CatchUpReader newCatchUpReader(Runnable onBatch) {
      throw new AssertionError("no lane of these tests leaves its window");
    }

    @Override
    public void written(int bytes) {
      written.addAndGet(bytes);
    }

    @Override
    public void fellOutOfWindow() {}

    @Override
    public void release(RunningStream stream, CloseReason reason) {
      released.add(reason);
    }
  }
}
