package dev.streamgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's view of the {@code capacity} rows: per system the highest offered rate that held
 * (≥ 99 % delivered, p99 < 1 s) on C open connections, every step's criteria, and Streamgate's
 * capacity against each peer's.
 */
final class CapacitySection {
  private CapacitySection() {}

  /** The Streamgate ÷ nchan target the issue sets for this scenario. */
  static final double TARGET_OVER_NCHAN = 1.5;

  static void tables(StringBuilder sb, List<JsonNode> rs) {
    sb.append("| system | clients ready / asked | capacity ev/s | capacity deliveries/s | first failing ev/s | steps (ev/s, ✓ held, ✗ failed) | search stopped because | search s | notes |\n");
    sb.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (JsonNode r : rs) {
      sb.append("| ").append(Report.name(r)).append(" | ").append(Report.readyOf(r)).append(" | ")
          .append(lowerBound(r) ? "≥ " : "").append(Report.num(r, "capacityEventsPerSecond")).append(" | ")
          .append(r.path("capacityDeliveriesPerSecond").isNumber()
              ? (lowerBound(r) ? "≥ " : "") + String.format(Locale.ROOT, "%,d", r.path("capacityDeliveriesPerSecond").asLong())
              : "–").append(" | ")
          .append(Report.num(r, "firstFailingEventsPerSecond")).append(" | ")
          .append(stepList(r)).append(" | ")
          .append(r.hasNonNull("stopReason") ? Report.esc(r.path("stopReason").asText()) : "–").append(" | ")
          .append(Report.num(r, "runSeconds")).append(" | ")
          .append(Report.notes(r)).append(" |\n");
    }
    ratios(sb, rs);
    if (rs.stream().noneMatch(r -> r.path("steps").size() > 0)) return;
    sb.append("\nEvery step (latency from the moment each event was due; *late* = events of an earlier step that arrived during this one):\n\n");
    sb.append("| system | ev/s offered | deliveries/s offered | delivered / expected | p50 / p99 ms | gaps / dups / reorders | missing | closed during / reopened before | late | server CPU ms per 1k ev | load avg | held |\n");
    sb.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (JsonNode r : rs) {
      for (JsonNode s : r.path("steps")) {
        sb.append("| ").append(Report.name(r)).append(" | ").append(Report.num(s, "rate")).append(" | ")
            .append(String.format(Locale.ROOT, "%,d", s.path("offeredDeliveriesPerSecond").asLong())).append(" | ")
            .append(String.format(Locale.ROOT, "%.4f (%,d / %,d)", s.path("deliveredRatio").asDouble(), s.path("delivered").asLong(), s.path("expectedDeliveries").asLong())).append(" | ")
            .append(Report.pct(s, "latencyMs", "p50")).append(" / ").append(Report.pct(s, "latencyMs", "p99")).append(" | ")
            .append(s.path("gaps").asLong()).append(" / ").append(s.path("duplicates").asLong()).append(" / ").append(s.path("reorders").asLong()).append(" | ")
            .append(String.format(Locale.ROOT, "%,d", s.path("missing").asLong())).append(" | ")
            .append(s.path("closedDuring").asLong()).append(" / ").append(Report.esc(s.path("reopenedBefore").asText("0"))).append(" | ")
            .append(s.path("lateFromEarlierSteps").asLong()).append(" | ")
            .append(s.path("serverCpuPer1000Events").isNumber() ? Report.fmt(s.path("serverCpuPer1000Events").asDouble() * 1000) : "–").append(" | ")
            .append(Report.esc(s.path("loadavg").asText("–"))).append(" | ")
            .append(s.path("passed").asBoolean() ? "✓" : "✗ " + Report.esc(String.join(", ", texts(s.path("failedBecause"))))).append(" |\n");
      }
    }
  }

  /** A capacity with no failing step above it: the system held every rate tried. */
  static boolean lowerBound(JsonNode r) {
    return r.path("capacityEventsPerSecond").isNumber() && !r.path("firstFailingEventsPerSecond").isNumber();
  }

  /** "10 ✓, 20 ✓, 40 ✗, …" in the order the steps ran. */
  static String stepList(JsonNode r) {
    List<String> out = new ArrayList<>();
    for (JsonNode s : r.path("steps")) out.add(Report.fmt(s.path("rate").asDouble()) + (s.path("passed").asBoolean() ? " ✓" : " ✗"));
    return out.isEmpty() ? "–" : String.join(", ", out);
  }

  /** Streamgate's capacity ÷ each peer's, under the table (nchan's with the target). */
  private static void ratios(StringBuilder sb, List<JsonNode> rs) {
    JsonNode sg = rs.stream().filter(r -> r.path("system").asText().equals("streamgate")).findFirst().orElse(null);
    if (sg == null) return;
    List<String> lines = new ArrayList<>();
    for (JsonNode peer : rs) {
      String sys = peer.path("system").asText();
      if (sys.equals("streamgate") || sys.equals("kafka-floor") || sys.equals("ceiling")) continue;
      JsonNode a = sg.path("capacityDeliveriesPerSecond");
      JsonNode b = peer.path("capacityDeliveriesPerSecond");
      String who = sys.equals("streamgate-ref") ? "Streamgate ÷ Streamgate at REF" : "Streamgate ÷ " + Report.name(peer);
      if (!a.isNumber() || !b.isNumber() || b.asDouble() <= 0) {
        List<String> why = new ArrayList<>();
        if (!a.isNumber()) why.add("Streamgate has no passing step");
        if (!b.isNumber() || b.asDouble() <= 0) why.add(Report.name(peer) + " has no passing step");
        lines.add("- " + who + ": – (" + String.join("; ", why) + ")");
        continue;
      }
      double ratio = a.asDouble() / b.asDouble();
      String target = sys.equals("nchan")
          ? " (target ≥ " + TARGET_OVER_NCHAN + "×: " + (ratio >= TARGET_OVER_NCHAN ? "met" : "not met") + " in this run)"
          : "";
      String bounds = lowerBound(sg) || lowerBound(peer)
          ? "; " + (lowerBound(sg) ? "Streamgate" : Report.name(peer)) + (lowerBound(sg) && lowerBound(peer) ? " and " + Report.name(peer) : "")
              + " held every rate tried, so " + (lowerBound(sg) && lowerBound(peer) ? "the ratio is not bracketed" : lowerBound(sg) ? "the ratio is a lower bound" : "the ratio is an upper bound")
          : "";
      lines.add(String.format(Locale.ROOT, "- %s: **%.2f×** (%,d / %,d deliveries/s)%s%s", who, ratio, a.asLong(), b.asLong(), target, bounds));
    }
    if (lines.isEmpty()) return;
    sb.append("\nCapacity ratios (highest passing deliveries/s; a bracket is only as fine as the steps above):\n\n");
    for (String l : lines) sb.append(l).append("\n");
  }

  private static List<String> texts(JsonNode arr) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : arr) out.add(n.asText());
    return out;
  }
}
