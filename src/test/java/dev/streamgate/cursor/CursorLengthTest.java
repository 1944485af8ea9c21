package dev.streamgate.cursor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Ids travel with every event and every reconnect, so their size is a feature: these tests print
 * what realistic cursors cost and fail if a change makes them much larger.
 */
class CursorLengthTest {

  private final CursorCodec codec = new CursorCodec(1 << 20);

  @Test
  void oneTopicAtRealisticOffsets() {
    assertThat(measure("~1e6 +-500", 1, around(1, 1_000_000, 500))).isLessThanOrEqualTo(30);
    assertThat(measure("~1e6 +-500", 12, around(12, 1_000_000, 500))).isLessThanOrEqualTo(60);
    assertThat(measure("~1e6 +-500", 64, around(64, 1_000_000, 500))).isLessThanOrEqualTo(200);
  }

  @Test
  void oneTopicAtZero() {
    assertThat(measure("all 0", 1, new long[1])).isLessThanOrEqualTo(25);
    assertThat(measure("all 0", 12, new long[12])).isLessThanOrEqualTo(40);
    assertThat(measure("all 0", 64, new long[64])).isLessThanOrEqualTo(110);
  }

  @Test
  void oneTopicAtLargeSpreadOffsets() {
    // Partitions with unrelated offsets: the deltas no longer help, so this is near the worst case
    // for offsets up to a billion.
    assertThat(measure("0..1e9 random", 64, spread(64, 1_000_000_000L))).isLessThan(500);
  }

  private int measure(String label, int partitions, long[] offsets) {
    Cursor cursor = Cursor.of(List.of(new TopicPosition("prices", 0x1a2b3c4d, offsets)));
    String id = codec.encode(cursor);
    assertThat(codec.decode(id)).isEqualTo(new CursorDecoding.Valid(cursor));
    System.out.printf(
        "cursor length: topic 'prices', %2d partitions, offsets %-14s -> %3d chars%n",
        partitions, label, id.length());
    return id.length();
  }

  private static long[] around(int partitions, long center, int jitter) {
    SplittableRandom random = new SplittableRandom(partitions);
    long[] offsets = new long[partitions];
    for (int p = 0; p < partitions; p++) {
      offsets[p] = center + random.nextInt(-jitter, jitter + 1);
    }
    return offsets;
  }

  private static long[] spread(int partitions, long bound) {
    SplittableRandom random = new SplittableRandom(7);
    long[] offsets = new long[partitions];
    for (int p = 0; p < partitions; p++) {
      offsets[p] = random.nextLong(bound);
    }
    return offsets;
  }
}
