package dev.streamgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotMetricsTest {

  private static final String PAGE =
      "# HELP streamgate_snapshot_builds_total Snapshot tables built (one read of the topic each), by outcome\n"
          + "# TYPE streamgate_snapshot_builds_total counter\n"
          + "streamgate_snapshot_builds_total{outcome=\"built\",topic=\"b-snap\"} 1.0\n"
          + "streamgate_snapshot_builds_total{outcome=\"built\",topic=\"other\"} 4.0\n"
          + "# TYPE streamgate_snapshot_build_records_total counter\n"
          + "streamgate_snapshot_build_records_total{topic=\"b-snap\"} 110000.0\n"
          + "streamgate_snapshot_build_records_total{topic=\"other\"} 7.0\n"
          + "# TYPE streamgate_snapshot_tables gauge\n"
          + "streamgate_snapshot_tables 1.0\n"
          + "streamgate_snapshot_keys 100000.0\n";

  @Test
  void readsTheTopicsMetersAndThePodsTables() {
    SnapshotMetrics m = SnapshotMetrics.parse(PAGE, "b-snap");
    assertEquals(Map.of("built", 1L), m.buildsByOutcome());
    assertEquals(1, m.builds());
    assertEquals(110_000, m.buildRecords());
    assertEquals(1, m.tables());
    assertTrue(m.oneTableOneRead(100_000, 110_000));
  }

  @Test
  void twoBuildsOrMoreRecordsThanTheTopicHoldsAreNotOneRead() {
    assertFalse(new SnapshotMetrics(Map.of("built", 1L, "timeout", 1L), 110_000, 1).oneTableOneRead(100_000, 110_000));
    assertFalse(new SnapshotMetrics(Map.of("built", 1L), 220_000, 1).oneTableOneRead(100_000, 110_000));
    assertFalse(new SnapshotMetrics(Map.of("built", 1L), 110_000, 2).oneTableOneRead(100_000, 110_000));
    assertFalse(SnapshotMetrics.parse("", "b-snap").oneTableOneRead(100_000, 110_000));
  }
}
