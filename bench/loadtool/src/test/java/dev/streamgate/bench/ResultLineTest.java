package dev.streamgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultLineTest {

  private static ProcStats.Snapshot snap(double server, double broker, double self) {
    return new ProcStats.Snapshot(
        new ProcStats.Sample(server, 100, 1), new ProcStats.Sample(broker, 200, 1), new ProcStats.Sample(self, 300, 1));
  }

  @Test
  void cpuOverAWindowPerProcessTreeAndPerThousandDeliveries() {
    Map<String, Object> r = new LinkedHashMap<>();
    ResultLine.putCpu(r, snap(1.0, 2.0, 3.0), snap(2.23456, 2.5, 4.0), 3000);
    assertEquals(List.of("serverCpuSeconds", "serverCpuPer1000Events", "brokerCpuSeconds", "loadToolCpuSeconds"), new ArrayList<>(r.keySet()));
    assertEquals(1.235, r.get("serverCpuSeconds"));
    assertEquals(0.4115, r.get("serverCpuPer1000Events")); // 1.23456 s * 1000 / 3000
    assertEquals(0.5, r.get("brokerCpuSeconds"));
    assertEquals(1.0, r.get("loadToolCpuSeconds"));

    Map<String, Object> none = new LinkedHashMap<>();
    ResultLine.putCpu(none, snap(1, 1, 1), snap(2, 1, 1), 0);
    assertTrue(none.containsKey("serverCpuPer1000Events"));
    assertNull(none.get("serverCpuPer1000Events"), "nothing delivered: no per-event figure");

    Map<String, Object> floor = new LinkedHashMap<>();
    ResultLine.putBrokerAndLoadToolCpu(floor, snap(0, 2.0, 3.0), snap(0, 2.5, 4.0));
    assertEquals(List.of("brokerCpuSeconds", "loadToolCpuSeconds"), new ArrayList<>(floor.keySet()));
  }

  @Test
  void deliveriesRatioAndRateOverTheWindow() {
    Map<String, Object> r = new LinkedHashMap<>();
    ResultLine.putDelivered(r, 2, 1000, 990, 5_000_000_000L, 7_000_000_000L);
    assertEquals(
        List.of("unsentEvents", "expectedDeliveries", "delivered", "deliveredRatio", "deliveryWindowSeconds", "eventsPerSecond"),
        new ArrayList<>(r.keySet()));
    assertEquals(2, r.get("unsentEvents"));
    assertEquals(1000L, r.get("expectedDeliveries"));
    assertEquals(990L, r.get("delivered"));
    assertEquals(0.99, r.get("deliveredRatio"));
    assertEquals(2.0, r.get("deliveryWindowSeconds"));
    assertEquals(495L, r.get("eventsPerSecond"));

    Map<String, Object> empty = new LinkedHashMap<>();
    ResultLine.putDelivered(empty, 0, 0, 0, 5_000_000_000L, 0);
    assertNull(empty.get("deliveredRatio"), "nothing expected: no ratio");
    assertEquals(0.0, empty.get("deliveryWindowSeconds"), "no receipt after the start");
    assertEquals(0L, empty.get("eventsPerSecond"));
  }

  @Test
  void orderErrorsInTheirFields() {
    Map<String, Object> r = new LinkedHashMap<>();
    ResultLine.putOrder(r, 1, 2, 3, 4);
    assertEquals(Map.of("gaps", 1L, "duplicates", 2L, "reorders", 3L, "missing", 4L), r);
    assertEquals(List.of("gaps", "duplicates", "reorders", "missing"), new ArrayList<>(r.keySet()));
  }

  @Test
  void productionWithTheSinksErrorsAndLastError() throws Exception {
    Producer.Sink sink = (p, s, v, failed) -> {};
    try (Producer producer = new Producer(sink, 3, 30, 0, 64)) {
      producer.start();
      assertTrue(producer.await(10_000));
      Map<String, Object> r = new LinkedHashMap<>();
      ResultLine.putProduced(r, producer, 29, new AtomicLong(2), new AtomicReference<>("HTTP 503 from x"), false);
      assertEquals(List.of("produceSeconds", "produced", "produceErrors", "produceLastError", "produceIncomplete"), new ArrayList<>(r.keySet()));
      assertEquals(29L, r.get("produced"), "the count the caller read");
      assertEquals(2L, r.get("produceErrors"));
      assertEquals("HTTP 503 from x", r.get("produceLastError"));
      assertEquals(true, r.get("produceIncomplete"));

      Map<String, Object> clean = new LinkedHashMap<>();
      ResultLine.putProduced(clean, producer, producer.sent(), new AtomicLong(), new AtomicReference<>(), true);
      assertEquals(List.of("produceSeconds", "produced", "produceErrors"), new ArrayList<>(clean.keySet()));
      assertEquals(30L, clean.get("produced"));
    }
  }

  @Test
  void percentilesInMillisecondsFromMicroseconds() {
    Histogram h = new Histogram(3_600_000_000L, 3);
    assertNull(ResultLine.percentiles(h));
    for (int i = 1; i <= 100; i++) h.recordValue(i * 1000L);
    Map<String, Object> m = ResultLine.percentiles(h);
    assertEquals(List.of("count", "mean", "p50", "p99", "p999", "max"), new ArrayList<>(m.keySet()));
    assertEquals(100L, m.get("count"));
    assertEquals(50.5, (double) m.get("mean"), 0.05);
    assertEquals(50.0, (double) m.get("p50"), 0.05);
    assertEquals(100.0, (double) m.get("max"), 0.1);
  }

  @Test
  void unitsAndRounding() {
    assertEquals(1.5, ResultLine.mb(1536 * 1024));
    assertEquals(1.235, ResultLine.secs(1_234_567_890L));
    assertEquals(0.1235, ResultLine.round4(0.123456));
    assertEquals(2.3, ResultLine.round1(2.26));
  }

  @Test
  void finishAddsTheLastFieldsAndAppendsTheLine(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("sub/results.jsonl");
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("system", "s");
    ResultLine.finish(r, "x".repeat(700), "a note", System.nanoTime(), out);
    Map<String, Object> ok = new LinkedHashMap<>();
    ok.put("system", "t");
    ResultLine.finish(ok, null, null, System.nanoTime(), out);

    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertEquals(2, lines.size());
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    List<String> names = new ArrayList<>();
    first.fieldNames().forEachRemaining(names::add);
    assertEquals(List.of("system", "error", "note", "runSeconds", "loadavgAfter"), names);
    assertEquals(ResultLine.MAX_ERROR, first.get("error").asText().length());
    assertEquals("a note", first.get("note").asText());
    JsonNode second = new ObjectMapper().readTree(lines.get(1));
    assertFalse(second.has("error"));
    assertFalse(second.has("note"));
    assertTrue(second.get("runSeconds").isNumber());
    assertEquals("short", ResultLine.clip("short"));
  }
}
