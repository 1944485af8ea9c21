package dev.streamgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * The report's view of the {@code kafka-floor} rows: Streamgate's p99 minus the floor's p99 in the
 * same run, per scenario where both ran. The floor is a plain consumer of the same production on
 * the same broker, so the difference is what Streamgate adds on top of Kafka itself.
 */
final class FloorSection {
  private FloorSection() {}

  /** p99 of a row in ms, or NaN when it has none. */
  static double p99(JsonNode r) {
    JsonNode n = r == null ? null : r.path("latencyMs").path("p99");
    return n != null && n.isNumber() ? n.asDouble() : Double.NaN;
  }

  /** Streamgate's p99 above the floor in ms (NaN when either has no p99). */
  static double above(JsonNode streamgate, JsonNode floor) {
    return p99(streamgate) - p99(floor);
  }

  /** One line under a scenario's table, when Streamgate and the floor both have a p99. */
  static void line(StringBuilder sb, List<JsonNode> rows, String sc) {
    JsonNode floor = Report.find(rows, sc, "kafka-floor");
    if (floor == null) return;
    for (String sys : List.of("streamgate", "streamgate-ref")) {
      JsonNode sg = Report.find(rows, sc, sys);
      double d = above(sg, floor);
      if (Double.isNaN(d)) continue;
      sb.append("\n**").append(Report.NAMES.get(sys)).append(" p99 above the floor: ").append(Report.fmt(d)).append(" ms** (")
          .append(Report.fmt(p99(sg))).append(" − ").append(Report.fmt(p99(floor))).append(" ms).\n");
    }
  }

  /** The summary table over every scenario where both ran. */
  static void table(StringBuilder sb, List<JsonNode> rows, Set<String> scenarios) {
    if (rows.stream().noneMatch(r -> r.path("system").asText().equals("kafka-floor"))) return;
    boolean ref = rows.stream().anyMatch(r -> r.path("system").asText().equals("streamgate-ref"));
    sb.append("## Streamgate p99 above the floor\n\n");
    sb.append("The floor is one plain KafkaConsumer (group-less, every partition assigned, read_committed, 500 records ")
        .append("per poll, 500 ms poll, fetch.min.bytes=1) reading the same production from the same broker in the same run; ")
        .append("its latency is producer send → poll return. Streamgate's p99 minus the floor's p99 is the part of the p99 this ")
        .append("service owns (both figures move with the machine's load, which the floor's own row records).\n\n");
    sb.append("| scenario | floor p99 ms | Streamgate p99 ms | Streamgate p99 above the floor ms |");
    if (ref) sb.append(" Streamgate at REF p99 ms | at REF above the floor ms |");
    sb.append(" floor gaps / dups / missing |\n| --- | --- | --- | --- |");
    if (ref) sb.append(" --- | --- |");
    sb.append(" --- |\n");
    for (String sc : scenarios) {
      JsonNode floor = Report.find(rows, sc, "kafka-floor");
      if (floor == null || !floor.path("latencyMs").isObject()) continue;
      JsonNode sg = Report.find(rows, sc, "streamgate");
      sb.append("| ").append(sc).append(" | ").append(ms(p99(floor))).append(" | ").append(ms(p99(sg))).append(" | ")
          .append(ms(above(sg, floor))).append(" |");
      if (ref) {
        JsonNode before = Report.find(rows, sc, "streamgate-ref");
        sb.append(" ").append(ms(p99(before))).append(" | ").append(ms(above(before, floor))).append(" |");
      }
      sb.append(" ").append(floor.path("gaps").asLong()).append(" / ").append(floor.path("duplicates").asLong())
          .append(" / ").append(floor.path("missing").asLong()).append(" |\n");
    }
    sb.append("\n");
  }

  private static String ms(double v) {
    return Double.isNaN(v) ? "–" : Report.fmt(v);
  }
}
