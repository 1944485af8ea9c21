package dev.streamgate.tail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.conflate.Change;
import dev.streamgate.conflate.ConflateWindow;
import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.decode.RecordDecoder;
import dev.streamgate.kafka.TopicSnapshot;
import dev.streamgate.select.Evaluations;
import dev.streamgate.select.FilterCompiler;
import dev.streamgate.select.SelectionCache;
import dev.streamgate.select.SelectionLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Conflation groups on a topic's reader, driven through its polls with a test clock: one fold per
 * group per record, batches closed on the clock's grid, quiet windows closing nothing, the bounds,
 * the kept batches, the wake-ups.
 */
class ConflationGroupsTest {

  private static final BiPredicate<ConsumerRecord<byte[], byte[]>, String> ALL = (k, t) -> true;
  private static final ConflateWindow QUARTER = new ConflateWindow(250);

  private final AtomicLong clock = new AtomicLong(10_000);
  private final CursorCodec codec = new CursorCodec(4096);

  private TopicTail tail(ConflateConfig config, int partitions) {
    return new TopicTail(
        new TopicSnapshot("t", 7, new long[partitions], new long[partitions]),
        () -> {
          throw new IllegalStateException("never started");
        },
        codec,
        1000,
        64L << 20,
        p -> {},
        new TopicSelections(8, "ce_type"),
        new ConflationGroups(config, "ce_type", clock::get),
        SignalPacer.immediate(),
        null,
        RecordDecoder.OFF);
  }

  private static ConsumerRecord<byte[], byte[]> record(int p, long offset, String key, String v) {
    return new ConsumerRecord<>(
        "t",
        p,
        offset,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        v == null ? null : v.getBytes(StandardCharsets.UTF_8));
  }

  /** Hands the reader one poll of these records, its positions just after them. */
  private static void poll(TopicTail tail, List<ConsumerRecord<byte[], byte[]>> records) {
    long[] now = tail.positions().clone();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      now[r.partition()] = Math.max(now[r.partition()], r.offset() + 1);
    }
    tail.polled(records, now, new double[now.length]);
  }

  private static List<String> sent(ConflatedBatch batch) {
    List<String> sent = new ArrayList<>();
    for (Change<BatchEntry> c : batch.entries()) {
      ConsumerRecord<byte[], byte[]> r = c.item().entry().record();
      String key = r.key() == null ? "-" : new String(r.key(), StandardCharsets.UTF_8);
      sent.add(key + "=" + (r.value() == null ? "delete" : new String(r.value())));
    }
    return sent;
  }

  @Test
  void aWindowClosesOnTheClocksGridIntoTheLatestOfEachKeyAndEveryRecordWithoutAKey() {
    TopicTail tail = tail(TestConflateConfig.DEFAULTS, 2);
    ConflationGroup group = tail.conflation().join(QUARTER, null, "", ALL);
    AtomicInteger woken = new AtomicInteger();
    group.addListener(woken::incrementAndGet);
    poll(tail, List.of()); // the group starts at the reader's position
    clock.set(10_010);
    poll(
        tail,
        List.of(
            record(0, 0, "a", "1"),
            record(1, 0, "b", "1"),
            record(0, 1, "a", "2"),
            record(1, 1, null, "u"),
            record(1, 2, "b", null)));
    assertThat(group.log()).isEmpty();
    assertThat(tail.pollNanosForTest()).isEqualTo(240_000_000L);
    clock.set(10_249);
    poll(tail, List.of());
    assertThat(group.log()).isEmpty();
    clock.set(10_250);
    poll(tail, List.of(record(0, 2, "a", "3")));
    assertThat(group.log()).hasSize(1);
    ConflatedBatch batch = group.log()[0];
    assertThat(batch.index()).isZero();
    assertThat(batch.lo()).containsExactly(0, 0);
    assertThat(batch.hi()).containsExactly(2, 3);
    assertThat(sent(batch)).containsExactly("a=2", "-=u", "b=delete");
    assertThat(woken).hasValue(1);
    // the record polled after the boundary is the next window's
    clock.set(10_500);
    poll(tail, List.of());
    assertThat(sent(group.log()[1])).containsExactly("a=3");
    assertThat(group.log()[1].lo()).containsExactly(2, 3);
    assertThat(group.log()[1].hi()).containsExactly(3, 3);
    assertThat(tail.conflation().batches()).isEqualTo(2);
  }

  @Test
  void aQuietWindowClosesNothingAndTheNextBatchStartsWhereTheLastEnded() {
    TopicTail tail = tail(TestConflateConfig.DEFAULTS, 1);
    ConflationGroup group =
        tail.conflation()
            .join(QUARTER, null, "k=a", (r, t) -> r.key() != null && r.key()[0] == 'a');
    poll(tail, List.of(record(0, 0, "a", "1")));
    clock.addAndGet(250);
    poll(tail, List.of(record(0, 1, "b", "1"))); // closes [a=1]; b is not the group's
    clock.addAndGet(250);
    poll(tail, List.of(record(0, 2, "b", "2")));
    clock.addAndGet(250);
    poll(tail, List.of(record(0, 3, "a", "2")));
    clock.addAndGet(250);
    poll(tail, List.of());
    assertThat(group.log()).hasSize(2);
    assertThat(group.log()[0].hi()).containsExactly(1);
    assertThat(group.log()[1].lo()).containsExactly(1);
    assertThat(group.log()[1].hi()).containsExactly(4);
    assertThat(sent(group.log()[1])).containsExactly("a=2");
  }

  @Test
  void streamsOfOneWindowSelectionAndFiltersShareAGroupBoundedPerTopic() {
    TopicTail tail = tail(new TestConflateConfig(2, 100, 1 << 20, 1 << 20), 1);
    ConflationGroups groups = tail.conflation();
    ConflationGroup a = groups.join(QUARTER, null, "", ALL);
    assertThat(groups.join(QUARTER, null, "", ALL)).isSameAs(a);
    ConflationGroup b = groups.join(new ConflateWindow(1000), null, "", ALL);
    assertThat(b).isNotSameAs(a);
    assertThat(groups.join(QUARTER, null, "type=x", ALL)).isNull();
    assertThat(groups.size()).isEqualTo(2);
    groups.leave(b);
    assertThat(groups.join(QUARTER, null, "type=x", ALL)).isNotNull();
    groups.leave(a);
    assertThat(groups.size()).isEqualTo(2);
    groups.leave(a);
    assertThat(groups.size()).isEqualTo(1);
  }

  @Test
  void aSelectionsVerdictsAndProjectionRideOnTheBatch() {
    SelectionCache cache =
        new SelectionCache(new FilterCompiler(SelectionLimits.DEFAULTS), 8, new Evaluations());
    TopicTail tail = tail(TestConflateConfig.DEFAULTS, 1);
    TopicSelections.Group selection =
        tail.selections()
            .join(
                cache
                    .of(Optional.empty(), Optional.of("value.p > 1"), Optional.of("p"))
                    .orElseThrow());
    ConflationGroup group = tail.conflation().join(QUARTER, selection, "", ALL);
    poll(tail, List.of());
    poll(
        tail,
        List.of(
            record(0, 0, "a", "{\"p\":2,\"q\":1}"),
            record(0, 1, "a", "{\"p\":0,\"q\":2}"),
            record(0, 2, "b", "{\"p\":5,\"q\":3}")));
    clock.addAndGet(250);
    poll(tail, List.of());
    List<Change<BatchEntry>> entries = group.log()[0].entries();
    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).offset()).isZero(); // a's latest selected: its second was rejected
    BatchEntry b = entries.get(1).item();
    assertThat(b.verdict().ownFrames()).isTrue();
    assertThat(new String(b.verdict().record().value())).isEqualTo("{\"p\":5}");
  }

  @Test
  void aFoldPastTheBoundClosesEarlyAndTheBatchLogKeepsTheNewestWithinItsBytes() {
    TopicTail tail = tail(new TestConflateConfig(4, 2, 1 << 20, 1), 1);
    ConflationGroup group = tail.conflation().join(QUARTER, null, "", ALL);
    poll(tail, List.of());
    poll(
        tail,
        List.of(
            record(0, 0, "a", "1"),
            record(0, 1, "b", "1"),
            record(0, 2, "a", "2"),
            record(0, 3, "c", "1"),
            record(0, 4, "d", "1")));
    // past two records the window closes at once, within its period
    assertThat(group.log()).hasSize(1);
    assertThat(group.log()[0].hi()).containsExactly(4);
    assertThat(sent(group.log()[0])).containsExactly("b=1", "a=2", "c=1");
    clock.addAndGet(250);
    poll(tail, List.of());
    assertThat(group.log()).hasSize(1); // kept: the newest only (1 byte of log)
    ConflatedBatch newest = group.log()[0];
    assertThat(newest.index()).isEqualTo(1);
    assertThat(newest.lo()).containsExactly(4);
    assertThat(newest.hi()).containsExactly(5);
    assertThat(sent(newest)).containsExactly("d=1");
  }

  @Test
  void aRetiredReaderWakesItsConflatedStreams() {
    TopicTail tail = tail(TestConflateConfig.DEFAULTS, 1);
    ConflationGroup group = tail.conflation().join(QUARTER, null, "", ALL);
    AtomicInteger woken = new AtomicInteger();
    group.addListener(woken::incrementAndGet);
    TestTails.retire(tail);
    assertThat(woken).hasValue(1);
  }
}
