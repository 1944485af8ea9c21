package dev.streamgate.stream.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.conflate.ConflateWindow;
import dev.streamgate.cursor.Cursor;
import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.cursor.CursorDecoding;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.tail.ConflateConfig;
import dev.streamgate.tail.ConflatedBatch;
import dev.streamgate.tail.TestConflateConfig;
import dev.streamgate.tail.TestTails;
import dev.streamgate.tail.TopicTail;
import dev.streamgate.testing.SseParser;
import dev.streamgate.testing.SseParser.SseEvent;
import dev.streamgate.wire.Format;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A conflated client stream over a never-started topic reader with a test clock, no Kafka and no
 * HTTP: the catch-up batch and {@code caught-up}, one batch per window with the shared ids, a slow
 * client's batches merged when it writes again, the merge's bound, a batch the group no longer
 * keeps rebuilt from the window, and the slow-client rule when neither has it.
 */
class ConflatedStreamCoreTest {

  private static final String TOPIC = "prices";

  private final CursorCodec codec = new CursorCodec(4096);
  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final AtomicInteger merged = new AtomicInteger();
  private final AtomicInteger rebuilt = new AtomicInteger();
  private final StreamCoreFixture.FakeLease lease = new StreamCoreFixture.FakeLease();
  private TopicTail tail;
  private Lane lane;
  private ClientStream stream;

  private AssertSubscriber<Buffer> open(ConflateConfig config, int windowRecords, long start) {
    tail = TestTails.conflating(TOPIC, codec, windowRecords, config, clock::get);
    for (long i = 0; i < start; i++) {
      TestTails.send(tail, "old", "o" + i);
    }
    StreamSettings settings =
        new StreamSettings(
            Format.RAW.encoder(),
            Format.RAW,
            codec,
            RecordFilter.NONE,
            "type",
            64 * 1024,
            Duration.ofSeconds(15).toNanos(),
            Duration.ofMinutes(10).toNanos(),
            Duration.ofSeconds(5).toNanos(),
            Long.MAX_VALUE,
            0);
    lane =
        new Lane(
            tail,
            TestTails.snapshot(TOPIC),
            new TopicPosition(TOPIC, TestTails.FINGERPRINT, new long[] {start}),
            new CountingMeters());
    assertThat(lane.conflate(new ConflateWindow(250), RecordFilter.NONE)).isTrue();
    assertThat(lane.tryJoin(new long[0])).isTrue();
    stream =
        new ClientStream(
            new byte[0],
            new ConflatedDelivery(new ArrayList<>(List.of(lane)), settings, lease, null),
            new StreamDeadlines(settings, nanos::get),
            lease,
            Runnable::run);
    AssertSubscriber<Buffer> subscriber = AssertSubscriber.create(0);
    stream.subscribe(subscriber);
    return subscriber;
  }

  /** Ends the current window: the next poll closes it. */
  private void nextWindow() {
    clock.addAndGet(250);
    TestTails.idle(tail);
  }

  private static List<SseEvent> events(AssertSubscriber<Buffer> subscriber) {
    StringBuilder text = new StringBuilder();
    subscriber.getItems().forEach(b -> text.append(b.toString()));
    return SseParser.parseAll(text.toString());
  }

  private long[] offsets(String id) {
    Cursor cursor = ((CursorDecoding.Valid) codec.decode(id)).cursor();
    return cursor.topic(TOPIC).orElseThrow().nextOffsets();
  }

  /** The page's map after these events, checked at every batch end against the fold. */
  private Map<String, String> fold(List<SseEvent> events, Map<Long, String[]> log) {
    Map<String, String> state = new HashMap<>();
    for (SseEvent e : events) {
      if (e.type().equals("message")) {
        state.put(e.data().split("=")[0], e.data());
      } else if (e.type().equals("batch")) {
        Map<String, String> expected = new HashMap<>();
        long end = offsets(e.lastEventId())[0];
        log.forEach(
            (offset, kv) -> {
              if (offset < end) {
                expected.put(kv[0], kv[1]);
              }
            });
        assertThat(state).as("state at %s", end).isEqualTo(expected);
      }
    }
    return state;
  }

  private final Map<Long, String[]> log = new java.util.TreeMap<>();

  private void send(String key, String value) {
    log.put(tail.positions()[0], new String[] {key, key + "=" + value});
    TestTails.send(tail, key, key + "=" + value);
  }

  @Test
  void aCatchUpIsTheStateThenOneBatchPerWindowWithTheBatchsEndAsItsLastId() {
    AssertSubscriber<Buffer> client = open(TestConflateConfig.DEFAULTS, 1000, 0);
    send("a", "1");
    send("b", "1");
    send("a", "2");
    client.request(10);
    List<SseEvent> opening = events(client);
    assertThat(opening)
        .extracting(SseEvent::type)
        .containsExactly("message", "message", "batch", "caught-up");
    assertThat(opening).extracting(SseEvent::data).startsWith("b=1", "a=2");
    assertThat(opening.get(2).data()).contains("\"events\":2");
    assertThat(offsets(opening.get(0).lastEventId())).containsExactly(2);
    assertThat(offsets(opening.get(2).lastEventId())).containsExactly(3);
    int seen = events(client).size();
    nextWindow(); // the group's first batch [b, a] is the client's already: nothing to send
    assertThat(events(client)).hasSize(seen);
    send("c", "1");
    send("a", "3");
    send("c", "2");
    assertThat(events(client)).hasSize(seen);
    nextWindow();
    List<SseEvent> batch = events(client).subList(seen, events(client).size());
    assertThat(batch).extracting(SseEvent::data).startsWith("a=3", "c=2");
    assertThat(batch).extracting(SseEvent::type).containsExactly("message", "message", "batch");
    assertThat(offsets(batch.get(0).lastEventId())).containsExactly(5);
    assertThat(offsets(batch.get(2).lastEventId())).containsExactly(6);
    assertThat(fold(events(client), log)).containsEntry("a", "a=3").containsEntry("c", "c=2");
  }

  @Test
  void aStreamAlignedToTheGroupWritesTheBatchsSharedFramesBuiltOnce() {
    AssertSubscriber<Buffer> client = open(TestConflateConfig.DEFAULTS, 1000, 0);
    client.request(100);
    send("a", "1");
    nextWindow(); // the catch-up ended where the group's batches start: aligned from here
    send("b", "1");
    send("a", "2");
    nextWindow();
    ConflatedBatch[] kept = lane.conflation().log();
    ConflatedBatch last = kept[kept.length - 1];
    // the stream took the shared path: the batch's frames were built, once, by the first stream
    byte[][] frames =
        last.frames(
            Format.RAW.ordinal(),
            b -> {
              throw new AssertionError("the batch's frames were not built by an aligned stream");
            });
    assertThat(frames.length).isEqualTo(last.entries().size() + 1);
    List<SseEvent> all = events(client);
    assertThat(all.get(all.size() - 1).type()).isEqualTo("batch");
    assertThat(new String(frames[frames.length - 1], StandardCharsets.UTF_8))
        .contains("id: " + all.get(all.size() - 1).lastEventId());
    fold(all, log);
  }

  @Test
  void aSlowClientsBatchesMergeIntoOneWhenItWritesAgain() {
    AssertSubscriber<Buffer> client = open(TestConflateConfig.DEFAULTS, 1000, 0);
    client.request(1);
    send("x", "0");
    nextWindow();
    client.request(1);
    int seen = events(client).size();
    for (int window = 1; window <= 5; window++) {
      send("a", "" + window);
      send("k" + window, "1");
      nextWindow();
    }
    assertThat(events(client)).hasSize(seen); // no demand: nothing written, nothing held
    client.request(1);
    List<SseEvent> merged = events(client).subList(seen, events(client).size());
    assertThat(merged)
        .extracting(SseEvent::data)
        .containsExactly("k1=1", "k2=1", "k3=1", "k4=1", "a=5", "k5=1", merged.get(6).data());
    assertThat(merged.get(6).type()).isEqualTo("batch");
    assertThat(offsets(merged.get(6).lastEventId())).containsExactly(11);
    assertThat(this.merged).hasValue(5);
    fold(events(client), log);
  }

  @Test
  void pastTheBoundAMergeIsSentInSeveralBatchesEachExactAtItsEnd() {
    AssertSubscriber<Buffer> client = open(new TestConflateConfig(4, 3, 1 << 20, 1 << 20), 1000, 0);
    client.request(1);
    for (int window = 1; window <= 4; window++) {
      send("k" + window, "1");
      send("j" + window, "1");
      nextWindow();
    }
    client.request(10);
    List<SseEvent> all = events(client);
    assertThat(all.stream().filter(e -> e.type().equals("batch")).count()).isEqualTo(2);
    fold(all, log);
    assertThat(fold(all, log)).hasSize(8);
  }

  @Test
  void aBatchTheGroupNoLongerKeepsIsRebuiltFromTheWindow() {
    AssertSubscriber<Buffer> client = open(new TestConflateConfig(4, 100, 1 << 20, 1), 1000, 0);
    client.request(1);
    for (int window = 1; window <= 3; window++) {
      send("a", "" + window);
      send("k" + window, "1");
      nextWindow();
    }
    client.request(1);
    assertThat(rebuilt).hasValue(1);
    assertThat(fold(events(client), log)).containsEntry("a", "a=3").hasSize(4);
    assertThat(events(client).get(events(client).size() - 1).type()).isEqualTo("batch");
  }

  @Test
  void aStalledClientWhoseBatchesAndWindowPositionAreGoneIsClosedAfterItsLastEvent() {
    AssertSubscriber<Buffer> client = open(new TestConflateConfig(4, 100, 1 << 20, 1), 4, 0);
    client.request(2);
    assertThat(events(client)).extracting(SseEvent::type).containsExactly("caught-up");
    for (int window = 1; window <= 4; window++) {
      send("a", "" + window);
      send("k" + window, "1");
      nextWindow();
    }
    assertThat(lease.released).isEmpty();
    nanos.addAndGet(Duration.ofSeconds(6).toNanos());
    stream.tick(nanos.get());
    assertThat(lease.released).containsExactly(CloseReason.FELL_BEHIND);
  }

  /** Counts the merges and rebuilds the lane reports. */
  private final class CountingMeters extends StreamCoreFixture.NoMeters {
    @Override
    public void merged(int batches) {
      merged.addAndGet(batches);
    }

    @Override
    public void rebuilt(boolean fromKafka) {
      rebuilt.incrementAndGet();
    }
  }
}
