package dev.streamgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportTest {

  private static final String AFTER =
      "{\"system\":\"streamgate\",\"scenario\":\"storm\",\"connectionsRequested\":500,\"connectionsReady\":500,"
          + "\"delivered\":1000,\"expectedDeliveries\":1000,\"eventsPerSecond\":2000,\"latencyMs\":{\"p50\":1,\"p99\":4,\"p999\":5,\"max\":6},"
          + "\"gaps\":0,\"duplicates\":0,\"reorders\":0,\"missing\":0,\"serverCpuPer1000Events\":0.05,\"memPerConnKB\":30,"
          + "\"stormDropped\":500,\"stormResumed\":500,\"stormAllResumedSeconds\":1.5,\"stormResumeMs\":{\"p50\":100,\"p99\":900},"
          + "\"stormReconnectMs\":{\"p50\":40,\"p99\":300}}";
  private static final String BEFORE =
      "{\"system\":\"streamgate-ref\",\"scenario\":\"storm\",\"connectionsRequested\":500,\"connectionsReady\":500,"
          + "\"delivered\":1000,\"expectedDeliveries\":1000,\"eventsPerSecond\":1000,\"latencyMs\":{\"p50\":1,\"p99\":8,\"p999\":9,\"max\":10},"
          + "\"gaps\":2,\"duplicates\":0,\"reorders\":0,\"missing\":7,\"serverCpuPer1000Events\":0.1,\"memPerConnKB\":40,"
          + "\"stormAllResumedSeconds\":3,\"stormResumeMs\":{\"p50\":200,\"p99\":1800}}";
  private static final String PEER =
      "{\"system\":\"nchan\",\"scenario\":\"storm\",\"connectionsRequested\":500,\"connectionsReady\":500,"
          + "\"delivered\":1000,\"expectedDeliveries\":1000,\"eventsPerSecond\":500,\"latencyMs\":{\"p50\":1,\"p99\":2,\"p999\":3,\"max\":4},"
          + "\"gaps\":0,\"duplicates\":0,\"reorders\":0,\"missing\":0,\"serverCpuPer1000Events\":0.2,\"memPerConnKB\":10}";

  private static String render(Path dir, String... rows) throws Exception {
    Path results = dir.resolve("r.jsonl");
    Files.writeString(results, String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
    Path meta = dir.resolve("meta.json");
    Files.writeString(meta, "{\"date\":\"d\",\"git\":\"abc1234\",\"reference\":\"REF=84cca33 = 84cca33 subject\",\"reference sha\":\"84cca337bb\"}");
    Path md = dir.resolve("out.md");
    int rc = new CommandLine(new Report()).execute("--results", results.toString(), "--meta", meta.toString(),
        "--md", md.toString(), "--png", dir.resolve("out.png").toString());
    assertEquals(0, rc);
    return Files.readString(md, StandardCharsets.UTF_8);
  }

  @Test
  void referenceSectionHasAfterOverBeforePerFigureAndBothCorrectnessFigures(@TempDir Path dir) throws Exception {
    String md = render(dir, AFTER, BEFORE, PEER);
    assertTrue(md.contains("## Streamgate against its reference (REF=84cca337bb)"), md);
    String row = md.lines().filter(l -> l.startsWith("| storm | 2.00×")).findFirst().orElseThrow(() -> new AssertionError(md));
    assertEquals("| storm | 2.00× (2,000 / 1,000) | 0.50× (4.00 / 8.00) | 0.50× (50.0 / 100) | 0.75× (30.0 / 40.0) "
        + "| 0.50× (1.50 / 3.00) | 0.50× (900 / 1,800) | 0 / 0 / 0 / 0 | 2 / 0 / 0 / 7 |", row);
    // the peer table still compares Streamgate with its peers only, never with its own reference
    assertTrue(md.contains("| storm | nginx + nchan | 4.00× |"), md);
    assertFalse(md.contains("| storm | Streamgate at REF |"), md);
  }

  @Test
  void stormTableHasResumeAndReconnectTimes(@TempDir Path dir) throws Exception {
    String md = render(dir, AFTER, PEER);
    assertTrue(md.contains("| resumed / dropped | all resumed after s | resume p50 / p99 ms | reconnect p50 / p99 ms |"), md);
    assertTrue(md.contains("| 500 / 500 | 1.50 | 100 / 900 | 40.0 / 300 |"), md);
    assertTrue(md.contains("resumed: it has every event sent before it reconnected"), md);
  }

  @Test
  void noReferenceSectionWithoutAReferenceRow(@TempDir Path dir) throws Exception {
    String md = render(dir, AFTER, PEER);
    assertFalse(md.contains("against its reference"), md);
    assertTrue(md.contains("## Streamgate against each peer"), md);
  }

  private static final String FLOOR =
      "{\"system\":\"kafka-floor\",\"scenario\":\"storm\",\"connectionsRequested\":1,\"connectionsReady\":1,"
          + "\"delivered\":400,\"expectedDeliveries\":400,\"eventsPerSecond\":20,\"latencyMs\":{\"p50\":0.5,\"p99\":1.5,\"p999\":2,\"max\":3},"
          + "\"gaps\":0,\"duplicates\":0,\"reorders\":0,\"missing\":0}";

  private static String capacity(String system, String steps, Object best, Object bestDeliveries, Object fail) {
    return "{\"system\":\"" + system + "\",\"scenario\":\"capacity\",\"connectionsRequested\":1000,\"connectionsReady\":1000,"
        + "\"capacityEventsPerSecond\":" + best + ",\"capacityDeliveriesPerSecond\":" + bestDeliveries
        + ",\"firstFailingEventsPerSecond\":" + fail + ",\"stopReason\":\"bracketed\",\"runSeconds\":120,\"steps\":[" + steps + "]}";
  }

  private static String step(double rate, boolean passed, double p99) {
    return "{\"rate\":" + rate + ",\"offeredDeliveriesPerSecond\":" + (long) (rate * 1000) + ",\"expectedDeliveries\":100000,"
        + "\"delivered\":" + (passed ? 100000 : 90000) + ",\"deliveredRatio\":" + (passed ? 1.0 : 0.9)
        + ",\"latencyMs\":{\"p50\":1,\"p99\":" + p99 + "},\"gaps\":0,\"duplicates\":0,\"reorders\":0,\"missing\":" + (passed ? 0 : 10000)
        + ",\"closedDuring\":0,\"reopenedBefore\":\"0 of 0\",\"lateFromEarlierSteps\":0,\"loadavg\":\"1.0 1.0 1.0\",\"passed\":" + passed
        + (passed ? "" : ",\"failedBecause\":[\"delivered ratio below 0.99\"]") + "}";
  }

  @Test
  void floorRowAndStreamgateP99AboveIt(@TempDir Path dir) throws Exception {
    String md = render(dir, AFTER, BEFORE, PEER, FLOOR);
    assertTrue(md.contains("| Kafka floor (plain consumer) | 1 / 1 |"), md);
    assertTrue(md.contains("**Streamgate p99 above the floor: 2.50 ms** (4.00 − 1.50 ms)."), md);
    assertTrue(md.contains("## Streamgate p99 above the floor"), md);
    assertTrue(md.contains("| storm | 1.50 | 4.00 | 2.50 | 8.00 | 6.50 | 0 / 0 / 0 |"), md);
    assertFalse(md.contains("| storm | Kafka floor (plain consumer) |"), md); // never a peer
  }

  @Test
  void rendersWhenOnlyTheFloorRan(@TempDir Path dir) throws Exception {
    String md = render(dir, FLOOR, capacity("kafka-floor", "", null, null, null).replace(",\"steps\":[]", ",\"note\":\"not applicable\""));
    assertTrue(md.contains("| storm | 1.50 | – | – | 0 / 0 / 0 |"), md);
    assertTrue(Files.size(dir.resolve("out.png")) > 0);
  }

  @Test
  void noFloorSectionWithoutAFloorRow(@TempDir Path dir) throws Exception {
    assertFalse(render(dir, AFTER, PEER).contains("above the floor"));
  }

  @Test
  void capacityTableStepsAndTheRatioAgainstNchan(@TempDir Path dir) throws Exception {
    String sg = capacity("streamgate", step(40, true, 300) + "," + step(80, true, 600) + "," + step(160, false, 2000), 80, 80000, 160);
    String nchan = capacity("nchan", step(40, true, 200) + "," + step(80, false, 1500), 40, 40000, 80);
    String md = render(dir, sg, nchan);
    assertTrue(md.contains("| Streamgate | 1,000 / 1,000 | 80.0 | 80,000 | 160 | 40.0 ✓, 80.0 ✓, 160 ✗ | bracketed | 120 |"), md);
    assertTrue(md.contains("- Streamgate ÷ nginx + nchan: **2.00×** (80,000 / 40,000 deliveries/s) (target ≥ 1.5×: met in this run)"), md);
    assertTrue(md.contains("| nginx + nchan | 80.0 | 80,000 | 0.9000 (90,000 / 100,000) | 1.00 / 1,500 | 0 / 0 / 0 | 10,000 | 0 / 0 of 0 | 0 | – | 1.0 1.0 1.0 | ✗ delivered ratio below 0.99 |"), md);
    assertTrue(md.contains("| capacity | nginx + nchan | 2.00× |"), md); // the peer table compares capacities
  }

  @Test
  void capacityWithoutAPassingStepSaysSo(@TempDir Path dir) throws Exception {
    String sg = capacity("streamgate", step(10, true, 300), 10, 10000, null);
    String nchan = capacity("nchan", step(10, false, 3000), null, null, 10);
    String md = render(dir, sg, nchan);
    assertTrue(md.contains("- Streamgate ÷ nginx + nchan: – (nginx + nchan has no passing step)"), md);
    assertTrue(md.contains("| Streamgate | 1,000 / 1,000 | ≥ 10.0 | ≥ 10,000 | – | 10.0 ✓ |"), md); // held every rate tried
  }

  @Test
  void peerTableSaysSoWhenNoPeerRan(@TempDir Path dir) throws Exception {
    String md = render(dir, AFTER, BEFORE);
    assertTrue(md.contains("| – | no peer ran in this invocation |"), md);
    assertTrue(md.contains("against its reference"), md);
  }

  private static final String SNAPSHOT =
      "{\"system\":\"streamgate\",\"scenario\":\"snapshot\",\"connectionsRequested\":1000,\"connectionsReady\":1000,"
          + "\"keys\":100000,\"recordsInTopic\":110000,\"allCaughtUpSeconds\":42.5,\"lastCaughtUpSeconds\":42.5,"
          + "\"caughtUpMs\":{\"p50\":20000,\"p99\":41000},\"snapshotRecords\":100000000,\"expectedSnapshotRecords\":100000000,\"snapshotRecordsPerSecond\":2352941,"
          + "\"duplicateKeys\":0,\"missingKeys\":0,\"unknownKeys\":0,\"staleValues\":0,\"recordsAfterCaughtUp\":0,\"exactClients\":1000,"
          + "\"serverCpuSeconds\":50,\"serverCpuPer1000Events\":0.0005,\"serverRssPeakMB\":700,"
          + "\"snapshotBuilds\":1,\"snapshotBuildRecords\":110000,\"snapshotTables\":1,\"oneTableOneRead\":true}";

  @Test
  void snapshotSectionHasItsTableAndTheVerdictAndNoPeerRatio(@TempDir Path dir) throws Exception {
    String na = "{\"system\":\"nchan\",\"scenario\":\"snapshot\",\"connectionsRequested\":1000,\"note\":\"not applicable: no snapshot\"}";
    String md = render(dir, SNAPSHOT, na);
    assertTrue(md.contains("## Snapshot: C=1,000 clients open from=snapshot"), md);
    assertTrue(md.contains("| Streamgate | 1,000 / 1,000 | 42.5 | 20,000 / 41,000 | 100,000,000 / 100,000,000 | 2,352,941 | 1,000 | 0 / 0 / 0, 0 | 50.0 | 0.500 | 700 | 1 | 110,000 / 110,000 | 1 |"), md);
    assertTrue(md.contains("**Streamgate: one table, one read: yes** (1 build(s), 1 table(s), 110,000 records read for 110,000 in the topic, 1,000 clients; last `caught-up` after 42.5 s)."), md);
    assertTrue(md.contains("| nginx + nchan | – / 1,000 | – |"), md);
    assertFalse(md.contains("| snapshot | nginx + nchan |"), md);
  }

  @Test
  void snapshotVerdictIsNoWhenTheMetersCouldNotBeRead(@TempDir Path dir) throws Exception {
    String row = SNAPSHOT.replace(",\"snapshotBuilds\":1,\"snapshotBuildRecords\":110000,\"snapshotTables\":1,\"oneTableOneRead\":true", ",\"metricsError\":\"HTTP 404\"");
    String md = render(dir, row);
    assertTrue(md.contains("**Streamgate: one table, one read: no** (not shown: the server's meters could not be read: HTTP 404)."), md);
  }

  @Test
  void decodedSectionGivesTheAvroOverJsonCpuRatioOfTheMeans(@TempDir Path dir) throws Exception {
    String json =
        "{\"system\":\"streamgate\",\"scenario\":\"decoded-json\",\"connectionsRequested\":1000,\"connectionsReady\":1000,\"events\":3000,\"rate\":100.0,"
            + "\"delivered\":3000000,\"expectedDeliveries\":3000000,\"gaps\":0,\"duplicates\":0,\"reorders\":0,\"missing\":0,"
            + "\"latencyMs\":{\"p50\":1,\"p99\":4},\"serverCpuPer1000Events\":0.010,\"serverCpuSeconds\":30}";
    String avro =
        json.replace("decoded-json", "decoded-avro").replace("0.010", "0.0105").replace("}", ",\"registryRequests\":\"{/schemas/ids/1:1}\"}");
    String md = render(dir, json, avro);
    assertTrue(md.contains("## Decoded: fan-out-1k on Avro values"), md);
    assertTrue(md.contains("C=1,000 clients, 3,000 events at 100 events/s (30.0 s), per variant"), md);
    assertTrue(md.contains("**Avro ÷ JSON, server CPU per 1,000 deliveries: 1.05** (Avro 10.5 ms, mean of 1 rounds; JSON 10.0 ms"), md);
    assertTrue(md.contains("target ≤ 1.10: met"), md);
    assertTrue(md.contains("`{/schemas/ids/1:1}`"), md);
  }
}
