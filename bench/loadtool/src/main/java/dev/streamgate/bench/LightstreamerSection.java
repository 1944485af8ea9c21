package dev.streamgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * Lightstreamer's published Kafka connector load test, next to this run's {@code ls-all} and
 * {@code ls-keys} rows: a comparison on paper, not in one run. Their figures are from their
 * {@code lightstreamer-kafka-connector-loadtest}: connector 0.1.0 on a c7i.xlarge (4 vCPU, 8 GiB),
 * Kafka and the clients on other machines, a single-partition topic; ours from this machine, whose
 * cores the server shares with the broker and the load tool.
 */
final class LightstreamerSection {
  private LightstreamerSection() {}

  /** Their published mean latencies: scenario, clients, mean ms. */
  static final List<Object[]> PUBLISHED =
      List.of(
          new Object[] {"ls-all", 8_000, 33.0},
          new Object[] {"ls-all", 32_000, 158.0},
          new Object[] {"ls-all", 50_000, 787.0},
          new Object[] {"ls-keys", 52_000, 24.0},
          new Object[] {"ls-keys", 80_000, 67.0});

  static boolean present(List<JsonNode> rows) {
    return rows.stream().anyMatch(r -> r.path("scenario").asText().startsWith("ls-"));
  }

  static void table(StringBuilder sb, List<JsonNode> rows, String machine) {
    sb.append("## Lightstreamer's load test, on paper\n\n");
    sb.append("Lightstreamer published the only Kafka-to-browser fan-out test we know of (lightstreamer-kafka-connector-loadtest): ")
        .append("connector 0.1.0 on a c7i.xlarge (4 vCPU, 8 GiB) with Kafka and the clients on separate machines, one single-partition topic. ")
        .append("`ls-all`: 1 KB messages at 4/s, every client gets every message; `ls-keys`: 100 messages/s over 40 keys, each client takes one key. ")
        .append("Our rows come from this machine (").append(Report.esc(machine)).append("), where the server shares the cores with the broker ")
        .append("and the load tool: a comparison on paper, not in one run.\n\n");
    sb.append("| scenario | system | clients | mean ms | p99 ms | server CPU ms per 1k deliveries | delivered / expected | gaps / dups / reorders / missing |\n");
    sb.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Object[] p : PUBLISHED) {
      sb.append("| ").append(p[0]).append(" | Lightstreamer Kafka connector 0.1.0 (published; 4 vCPU, Kafka and clients elsewhere) | ")
          .append(String.format(Locale.ROOT, "%,d", (Integer) p[1])).append(" | ").append(Report.fmt((Double) p[2])).append(" | – | – | – | – |\n");
    }
    for (JsonNode r : rows) {
      String sc = r.path("scenario").asText();
      if (!sc.startsWith("ls-")) continue;
      sb.append("| ").append(sc).append(" | ").append(Report.name(r)).append(" (this run) | ")
          .append(String.format(Locale.ROOT, "%,d", r.path("connectionsRequested").asInt())).append(" | ")
          .append(Report.pct(r, "latencyMs", "mean")).append(" | ").append(Report.pct(r, "latencyMs", "p99")).append(" | ")
          .append(Double.isNaN(WriteFloorSection.cpu(r)) ? "–" : Report.fmt(WriteFloorSection.cpu(r))).append(" | ")
          .append(r.has("delivered") ? String.format(Locale.ROOT, "%,d / %,d", r.path("delivered").asLong(), r.path("expectedDeliveries").asLong()) : "–").append(" | ")
          .append(r.has("gaps") ? r.path("gaps").asLong() + " / " + r.path("duplicates").asLong() + " / " + r.path("reorders").asLong() + " / " + r.path("missing").asLong() : "–")
          .append(r.hasNonNull("error") ? " (error: " + Report.esc(r.path("error").asText()) + ")" : "").append(" |\n");
    }
    sb.append("\n");
  }
}
