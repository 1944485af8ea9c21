package dev.streamgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * The report's view of the {@code write-floor} rows: per scenario where the floor ran, each system's
 * server CPU per 1,000 deliveries as a ratio to the floor's and to nchan's. The floor writes the same
 * pre-encoded chunks to the same connections at the same rate with nothing else, so a ratio near 1
 * means the system's cost is the kernel's cost of its writes; the goals are Streamgate at
 * most half of nchan's CPU, or, where the floor forbids that, within {@link #WITHIN_FLOOR} of the
 * floor.
 */
final class WriteFloorSection {
  private WriteFloorSection() {}

  static final double WITHIN_FLOOR = 1.3;
  static final double OF_NCHAN = 0.5;

  static void table(StringBuilder sb, List<JsonNode> rows, Set<String> scenarios) {
    if (rows.stream().noneMatch(r -> r.path("system").asText().equals("write-floor"))) return;
    sb.append("## CPU per 1,000 deliveries against the write floor and nchan\n\n");
    sb.append("The write floor is a minimal Netty server (bench/writefloor) reading the same topic with one plain consumer ")
        .append("and writing each poll's records, encoded once as one HTTP/1.1 chunk, to every connection: one write and one ")
        .append("flush per connection per poll, nothing else. Each cell is the system's server CPU ms per 1,000 delivered events, ")
        .append("then ÷ the floor's and ÷ nchan's (below 1: cheaper). Goals for Streamgate: ≤ ")
        .append(OF_NCHAN).append("× nchan's, or where the floor itself is above that, ≤ ").append(WITHIN_FLOOR).append("× the floor's.\n\n");
    sb.append("| scenario | system | CPU ms per 1k deliveries | ÷ write floor | ÷ nchan | Streamgate goal |\n");
    sb.append("| --- | --- | --- | --- | --- | --- |\n");
    for (String sc : scenarios) {
      JsonNode floor = Report.find(rows, sc, "write-floor");
      if (Double.isNaN(cpu(floor))) continue; // the floor did not run it (a not-applicable row, as in overload)
      JsonNode nchan = Report.find(rows, sc, "nchan");
      for (JsonNode r : Report.ordered(rows, sc)) {
        String sys = r.path("system").asText();
        if (sys.equals("kafka-floor") || sys.equals("ceiling")) continue;
        double cpu = cpu(r);
        if (Double.isNaN(cpu)) continue;
        sb.append("| ").append(sc).append(" | ").append(Report.name(r)).append(" | ").append(Report.fmt(cpu)).append(" | ")
            .append(ratio(cpu, cpu(floor))).append(" | ").append(sys.equals("nchan") ? "1" : ratio(cpu, cpu(nchan))).append(" | ")
            .append(sys.equals("streamgate") ? goal(cpu, cpu(floor), cpu(nchan)) : "").append(" |\n");
      }
    }
    sb.append("\n");
  }

  /** Server CPU ms per 1,000 delivered events, NaN without one. */
  static double cpu(JsonNode r) {
    JsonNode n = r == null ? null : r.path("serverCpuPer1000Events");
    return n != null && n.isNumber() && n.asDouble() > 0 ? n.asDouble() * 1000 : Double.NaN;
  }

  private static String ratio(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) ? "–" : Report.fmt(a / b) + "×";
  }

  /** "met: … of nchan's" or "met: … of the floor's", else "missed" with both ratios. */
  static String goal(double sg, double floor, double nchan) {
    if (!Double.isNaN(nchan) && sg <= OF_NCHAN * nchan) return "met (≤ " + OF_NCHAN + "× nchan)";
    if (!Double.isNaN(floor) && floor > OF_NCHAN * nchan && sg <= WITHIN_FLOOR * floor) return "met (the floor is above half of nchan; ≤ " + WITHIN_FLOOR + "× the floor)";
    if (Double.isNaN(nchan) && Double.isNaN(floor)) return "–";
    return "missed";
  }
}
