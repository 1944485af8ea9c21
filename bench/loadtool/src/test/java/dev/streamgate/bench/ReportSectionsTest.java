package dev.streamgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The report's sections of issue 29: the write floor, Lightstreamer's shapes, overload and soak. */
class ReportSectionsTest {

  private static String row(String system, String scenario, int c, double cpuPer1000, String extra) {
    return "{\"system\":\"" + system + "\",\"scenario\":\"" + scenario + "\",\"connectionsRequested\":" + c + ",\"connectionsReady\":" + c
        + ",\"delivered\":1000,\"expectedDeliveries\":1000,\"eventsPerSecond\":100,"
        + "\"latencyMs\":{\"mean\":30,\"p50\":20,\"p99\":90,\"p999\":100,\"max\":120},\"gaps\":0,\"duplicates\":0,\"reorders\":0,\"missing\":0,"
        + "\"serverCpuPer1000Events\":" + cpuPer1000 + extra + "}";
  }

  private static String render(Path dir, String... rows) throws Exception {
    Path results = dir.resolve("r.jsonl");
    Files.writeString(results, String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
    Path meta = dir.resolve("meta.json");
    Files.writeString(meta, "{\"date\":\"d\",\"machine\":\"2 cores, 23 GiB, Linux\"}");
    Path md = dir.resolve("out.md");
    int rc = new CommandLine(new Report()).execute("--results", results.toString(), "--meta", meta.toString(),
        "--md", md.toString(), "--png", dir.resolve("out.png").toString());
    assertEquals(0, rc);
    return Files.readString(md, StandardCharsets.UTF_8);
  }

  private static String line(String md, String start) {
    return md.lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow(() -> new AssertionError(start + " in\n" + md));
  }

  @Test
  void everySystemsCpuAgainstTheWriteFloorAndNchanWithTheGoal(@TempDir Path dir) throws Exception {
    String md = render(dir,
        row("streamgate", "fanout-10k", 10000, 0.011, ""),
        row("nchan", "fanout-10k", 10000, 0.010, ""),
        row("write-floor", "fanout-10k", 10000, 0.009, ""),
        row("streamgate", "fanout-1k", 1000, 0.003, ""),
        row("nchan", "fanout-1k", 1000, 0.008, ""),
        row("write-floor", "fanout-1k", 1000, 0.005, ""));
    assertTrue(md.contains("## CPU per 1,000 deliveries against the write floor and nchan"), md);
    assertEquals("| fanout-10k | Streamgate | 11.0 | 1.22× | 1.10× | met (the floor is above half of nchan; ≤ 1.3× the floor) |",
        line(md, "| fanout-10k | Streamgate |"));
    assertEquals("| fanout-1k | Streamgate | 3.00 | 0.600× | 0.375× | met (≤ 0.5× nchan) |", line(md, "| fanout-1k | Streamgate |"));
    assertEquals("| fanout-1k | nginx + nchan | 8.00 | 1.60× | 1 |  |", line(md, "| fanout-1k | nginx + nchan |"));
    assertTrue(md.lines().noneMatch(l -> l.startsWith("| fanout-1k | Write floor") && l.contains("×") && l.split("\\|").length < 4), md);
    assertTrue(md.lines().noneMatch(l -> l.startsWith("| fanout-10k | Write floor (minimal Netty) | ") && l.contains("peer")), md);
  }

  @Test
  void theGoalIsMissedAboveBothBounds() {
    assertEquals("missed", WriteFloorSection.goal(20, 9, 10));
    assertEquals("met (≤ 0.5× nchan)", WriteFloorSection.goal(5, 9, 10));
  }

  @Test
  void lightstreamersPublishedFiguresBesideOurRowsOnPaper(@TempDir Path dir) throws Exception {
    String md = render(dir, row("streamgate", "ls-all", 8000, 0.02, ""), row("nchan", "ls-keys", 10000, 0.03, ",\"keys\":40"));
    assertTrue(md.contains("## Lightstreamer's load test, on paper"), md);
    assertTrue(md.contains("2 cores, 23 GiB, Linux"), md);
    assertTrue(line(md, "| ls-all | Lightstreamer Kafka connector 0.1.0").contains("| 8,000 | 33.0 |"), md);
    assertTrue(line(md, "| ls-keys | Lightstreamer Kafka connector 0.1.0").contains("| 52,000 | 24.0 |"), md);
    assertEquals("| ls-all | Streamgate (this run) | 8,000 | 30.0 | 90.0 | 20.0 | 1,000 / 1,000 | 0 / 0 / 0 / 0 |", line(md, "| ls-all | Streamgate (this run)"));
  }

  @Test
  void theOverloadRowSaysWhenEveryClientWasBackAndWhatWasLost(@TempDir Path dir) throws Exception {
    String sg = "{\"system\":\"streamgate\",\"scenario\":\"overload\",\"connectionsRequested\":10000,\"connectionsReady\":10000,"
        + "\"capacityEventsPerSecond\":130,\"over\":{\"rate\":260,\"achievedRate\":259.5,\"latencyMs\":{\"p99\":4000}},"
        + "\"after\":{\"rate\":65,\"latencyMsWithDrain\":{\"p99\":9000}},\"allBackSeconds\":21.5,\"backMs\":{\"p50\":800,\"p99\":20000},"
        + "\"clientsBack\":10000,\"clientsExact\":10000,\"lostEvents\":0,\"gaps\":0,\"duplicates\":0,\"reorders\":0,\"missing\":0,"
        + "\"disconnects\":{\"HTTP 503\":1200,\"closed or dropped\":3000},\"reconnects\":4200,\"serverCpuPer1000Events\":0.004,"
        + "\"serverRssPeakMB\":700,\"backWithinTarget\":true,\"serverMetrics\":{\"streamgate_saturated_refused_total\":1200.0}}";
    String nchan = "{\"system\":\"nchan\",\"scenario\":\"overload\",\"connectionsRequested\":10000,\"connectionsReady\":10000,"
        + "\"capacityEventsPerSecond\":8,\"over\":{\"rate\":16},\"after\":{\"rate\":4},\"allBackSeconds\":null,\"clientsBack\":9000,"
        + "\"clientsExact\":10000,\"lostEvents\":0,\"gaps\":0,\"duplicates\":0,\"reorders\":0,\"missing\":0}";
    String md = render(dir, sg, nchan);
    String s = line(md, "| Streamgate | 10,000 / 10,000 | 130 |");
    assertTrue(s.contains("| 260 / 260 | 65.0 | 21.5 | 800 / 20,000 | 10,000 / 10,000 | 0 | 0 / 0 / 0 / 0 | HTTP 503 ×1,200, closed or dropped ×3,000 | 4,200 |"), s);
    assertTrue(s.contains("| met |"), s);
    assertTrue(line(md, "| nginx + nchan |").contains("| not all back |"), md);
    assertTrue(md.contains("streamgate_saturated_refused_total 1200.0"), md);
    assertTrue(md.lines().noneMatch(l -> l.startsWith("| overload | nginx + nchan")), "overload has no peer ratios");
  }

  @Test
  void theSoakShowsItsSamplesAndFlagsGrowth(@TempDir Path dir) throws Exception {
    String soak = "{\"system\":\"streamgate\",\"scenario\":\"soak\",\"connectionsRequested\":9000,"
        + "\"plan\":{\"minutes\":60,\"warmupMinutes\":10,\"rate\":65,\"steady\":8000,\"churnSlots\":1000,\"snapshotEvery\":300,\"tmpEvery\":300},"
        + "\"samples\":[{\"minute\":0,\"heapAfterGcMB\":40,\"rssMB\":300,\"threads\":60,\"openFiles\":9100},"
        + "{\"minute\":1,\"heapAfterGcMB\":41,\"rssMB\":310,\"threads\":60,\"openFiles\":9120}],"
        + "\"growth\":{\"heapAfterGcMB\":{\"first\":40,\"last\":80,\"perHour\":40,\"grew\":true},\"threads\":{\"first\":60,\"last\":60,\"perHour\":0,\"grew\":false}},"
        + "\"steadyExact\":\"8000 of 8000\",\"churnLives\":25000,\"churnLivesWithOrderErrors\":0,\"patternExact\":\"20 of 20\","
        + "\"gaps\":0,\"duplicates\":0,\"reorders\":0,\"missing\":0,\"snapshots\":{\"rounds\":[{\"ready\":50,\"exact\":50}]},"
        + "\"topics\":{\"cycles\":[{\"clientsExact\":50,\"patternExact\":20}]},\"statuses\":{},\"reconnects\":96000,\"errors\":{},\"unparsedEvents\":0}";
    String md = render(dir, soak);
    assertEquals("| heapAfterGcMB | 40.0 | 80.0 | 40.0 | **yes** |", line(md, "| heapAfterGcMB |"));
    assertEquals("| threads | 60.0 | 60.0 | 0 | no |", line(md, "| threads |"));
    assertTrue(md.contains("| 1.00 | 41.0 | 310 | 60.0 | 9,120 |"), md);
    assertTrue(md.contains("Steady clients exact: 8000 of 8000; churn lives: 25,000"), md);
    assertTrue(md.contains("; 50 of 50 exact"), md);
    assertTrue(md.contains("; 50 clients and 20 pattern clients exact"), md);
  }
}
