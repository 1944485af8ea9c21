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
          + "\"stormAllResumedSeconds\":1.5,\"stormResumeMs\":{\"p50\":100,\"p99\":900}}";
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
  void noReferenceSectionWithoutAReferenceRow(@TempDir Path dir) throws Exception {
    String md = render(dir, AFTER, PEER);
    assertFalse(md.contains("against its reference"), md);
    assertTrue(md.contains("## Streamgate against each peer"), md);
  }

  @Test
  void peerTableSaysSoWhenNoPeerRan(@TempDir Path dir) throws Exception {
    String md = render(dir, AFTER, BEFORE);
    assertTrue(md.contains("| – | no peer ran in this invocation |"), md);
    assertTrue(md.contains("against its reference"), md);
  }
}
