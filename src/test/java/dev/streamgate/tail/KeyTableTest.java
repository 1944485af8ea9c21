package dev.streamgate.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamgate.decode.RecordDecoders;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The merge of a table's build (records below {@code from}) and its reader (records from {@code
 * from} on, held aside until the build is done): the view is the fold of the whole log below its
 * position, however the log, {@code from} and the polls fall. No Kafka: the build and the reader
 * are played by the test.
 */
class KeyTableTest {

  private static SnapshotBuilds builds(int maxKeys, long maxBytes) {
    return new SnapshotBuilds(
        null,
        new SimpleMeterRegistry(),
        RecordDecoders.OFF,
        maxKeys,
        maxBytes,
        Duration.ofMinutes(10),
        Duration.ofSeconds(1),
        Duration.ZERO,
        1);
  }

  private static ConsumerRecord<byte[], byte[]> record(
      int partition, long offset, String key, String value) {
    return new ConsumerRecord<>(
        "t",
        partition,
        offset,
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> contents(KeyTableView view) {
    Map<String, String> out = new HashMap<>();
    for (KeyedRecord r : view.records()) {
      out.put(
          new String(r.record().key(), StandardCharsets.UTF_8),
          new String(r.record().value(), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void theBuildAndTheReaderFoldEachRecordOnce() {
    KeyTable table = new KeyTable("t", 1, new long[] {2}, builds(100, 1 << 20));
    // the reader polls while the build runs: its records from offset 2 are held aside
    table.apply(List.of(record(0, 2, "a", "3"), record(0, 3, "b", null)), new long[] {4});
    LatestByKey base = new LatestByKey();
    base.apply(record(0, 0, "a", "1"));
    base.apply(record(0, 1, "b", "1"));
    table.built(base);
    KeyTableView view = table.view(Duration.ofSeconds(1).toNanos());
    assertThat(contents(view)).isEqualTo(Map.of("a", "3"));
    assertThat(view.position()).containsExactly(4);
    table.apply(List.of(record(0, 4, "c", "4")), new long[] {5});
    KeyTableView later = table.view(Duration.ofSeconds(1).toNanos());
    assertThat(contents(later)).isEqualTo(Map.of("a", "3", "c", "4"));
    assertThat(later.position()).containsExactly(5);
    assertThat(contents(view)).isEqualTo(Map.of("a", "3"));
  }

  @Test
  void aboveTheBoundsSnapshotsAreRefused() {
    KeyTable table = new KeyTable("t", 1, new long[] {0}, builds(2, 1 << 20));
    table.built(new LatestByKey());
    table.apply(
        List.of(record(0, 0, "a", "1"), record(0, 1, "b", "1"), record(0, 2, "c", "1")),
        new long[] {3});
    assertThatThrownBy(() -> table.view(1_000_000))
        .isInstanceOfSatisfying(SnapshotRefused.class, e -> assertThat(e.tooLarge()).isTrue())
        .hasMessageContaining("at most 2 keys");
    assertThat(table.keys()).isZero();
  }

  @Test
  void aTableStillBuildingIsUnavailableAfterTheTimeout() {
    KeyTable table = new KeyTable("t", 1, new long[] {5}, builds(10, 1 << 20));
    assertThatThrownBy(() -> table.view(1_000_000))
        .isInstanceOfSatisfying(SnapshotRefused.class, e -> assertThat(e.tooLarge()).isFalse());
  }

  @Property
  void theViewIsTheFoldOfTheLogBelowItsPosition(
      @ForAll("logs") List<String[]> log,
      @ForAll @IntRange(min = 0, max = 60) int split,
      @ForAll @IntRange(min = 1, max = 7) int pollSize,
      @ForAll @IntRange(min = 0, max = 10) int pollsBeforeBuilt) {
    // two partitions; every record's offset is its index in its partition
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    long[] next = new long[2];
    for (String[] entry : log) {
      int partition = entry[0] == null ? 0 : entry[0].hashCode() & 1;
      records.add(record(partition, next[partition]++, entry[0], entry[1]));
    }
    // the reader's position when the table is asked for: after the first `split` records
    long[] from = new long[2];
    for (ConsumerRecord<byte[], byte[]> r : records.subList(0, Math.min(split, records.size()))) {
      from[r.partition()] = r.offset() + 1;
    }
    KeyTable table = new KeyTable("t", 1, from, builds(1000, 1 << 20));
    LatestByKey base = new LatestByKey();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      if (r.offset() < from[r.partition()]) {
        base.apply(r);
      }
    }
    // the reader polls everything (records below from included: it must skip them)
    long[] positions = new long[2];
    int polls = 0;
    for (int i = 0; i < records.size(); i += pollSize) {
      if (polls++ == pollsBeforeBuilt) {
        table.built(base);
      }
      List<ConsumerRecord<byte[], byte[]>> poll =
          records.subList(i, Math.min(records.size(), i + pollSize));
      poll.forEach(r -> positions[r.partition()] = r.offset() + 1);
      table.apply(poll, positions.clone());
    }
    if (polls <= pollsBeforeBuilt) {
      table.built(base);
    }
    Map<String, String> model = new HashMap<>();
    for (String[] entry : log) {
      if (entry[0] != null) {
        if (entry[1] == null) {
          model.remove(entry[0]);
        } else {
          model.put(entry[0], entry[1]);
        }
      }
    }
    KeyTableView view = table.view(1_000_000);
    assertThat(contents(view)).isEqualTo(model);
    assertThat(view.position()).containsExactly(positions);
  }

  @Provide
  Arbitrary<List<String[]>> logs() {
    Arbitrary<String> keys = Arbitraries.of("a", "b", "c", "d", "e").injectNull(0.1);
    Arbitrary<String> values = Arbitraries.strings().alpha().ofMaxLength(4).injectNull(0.2);
    return net.jqwik.api.Combinators.combine(keys, values)
        .as((k, v) -> new String[] {k, v})
        .list()
        .ofMaxSize(50);
  }
}
