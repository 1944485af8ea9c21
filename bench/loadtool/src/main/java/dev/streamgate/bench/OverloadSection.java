package dev.streamgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * The report's view of the {@code overload} rows: each system offered twice (or {@code
 * --over-factor} ×) its own measured capacity, then half of it, with clients that come back by
 * themselves; when every client was back and exact, what was lost, how the system shed the load
 * (disconnects by status) and the phases' latency.
 */
final class OverloadSection {
  private OverloadSection() {}

  static void tables(StringBuilder sb, List<JsonNode> rs) {
    sb.append("Each system is offered `over-factor` × its own capacity (from this run's `capacity` row, or OVERLOAD_CAPACITY) ")
        .append("for `over-seconds`, then `after-factor` × it. A client comes back by itself as a browser with streamgate.js does: ")
        .append("after Retry-After on a 503 or 429, else after the stream's `retry:`, with its last id. *Back*: connected and holding every ")
        .append("event sent before the overload ended; *all back after* counts from the end of the overload. Lost = gaps + missing over ")
        .append("the whole production. Target for Streamgate: every client back and exact within 30 s.\n\n");
    sb.append("| system | clients ready / asked | capacity ev/s | over: ev/s offered / achieved | after: ev/s | all back after s | back p50 / p99 ms | back / exact | lost events | gaps / dups / reorders / missing | disconnects | reconnects | over p99 ms | after p99 ms (with drain) | server CPU ms per 1k ev | RSS peak MB | target | notes |\n");
    sb.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (JsonNode r : rs) {
      JsonNode over = r.path("over"), after = r.path("after");
      sb.append("| ").append(Report.name(r)).append(" | ").append(Report.readyOf(r)).append(" | ")
          .append(Report.num(r, "capacityEventsPerSecond")).append(" | ")
          .append(Report.num(over, "rate")).append(" / ").append(Report.num(over, "achievedRate")).append(" | ")
          .append(Report.num(after, "rate")).append(" | ")
          .append(r.path("allBackSeconds").isNumber() ? Report.fmt(r.path("allBackSeconds").asDouble()) : r.has("clientsBack") ? "not all back" : "–").append(" | ")
          .append(Report.pct(r, "backMs", "p50")).append(" / ").append(Report.pct(r, "backMs", "p99")).append(" | ")
          .append(r.has("clientsBack") ? String.format(Locale.ROOT, "%,d / %,d", r.path("clientsBack").asLong(), r.path("clientsExact").asLong()) : "–").append(" | ")
          .append(r.has("lostEvents") ? String.format(Locale.ROOT, "%,d", r.path("lostEvents").asLong()) : "–").append(" | ")
          .append(r.has("gaps") ? r.path("gaps").asLong() + " / " + r.path("duplicates").asLong() + " / " + r.path("reorders").asLong() + " / " + String.format(Locale.ROOT, "%,d", r.path("missing").asLong()) : "–").append(" | ")
          .append(disconnects(r.path("disconnects"))).append(" | ")
          .append(r.has("reconnects") ? String.format(Locale.ROOT, "%,d", r.path("reconnects").asLong()) : "–").append(" | ")
          .append(Report.pct(over, "latencyMs", "p99")).append(" | ")
          .append(Report.pct(after, "latencyMsWithDrain", "p99")).append(" | ")
          .append(Double.isNaN(WriteFloorSection.cpu(r)) ? "–" : Report.fmt(WriteFloorSection.cpu(r))).append(" | ")
          .append(Report.num(r, "serverRssPeakMB")).append(" | ")
          .append(r.path("system").asText().equals("streamgate") && r.has("backWithinTarget") ? (r.path("backWithinTarget").asBoolean() ? "met" : "missed") : "").append(" | ")
          .append(Report.notes(r)).append(" |\n");
    }
    for (JsonNode r : rs) {
      JsonNode m = r.path("serverMetrics");
      if (!m.isObject() || m.isEmpty()) continue;
      StringBuilder line = new StringBuilder();
      m.fields().forEachRemaining(e -> line.append(line.length() == 0 ? "" : ", ").append(e.getKey()).append(" ").append(e.getValue().asText()));
      sb.append("\n").append(Report.name(r)).append("'s own meters at the end: ").append(Report.esc(line.toString())).append(".\n");
    }
  }

  private static String disconnects(JsonNode d) {
    if (!d.isObject() || d.isEmpty()) return "0";
    StringBuilder s = new StringBuilder();
    d.fields().forEachRemaining(e -> s.append(s.length() == 0 ? "" : ", ").append(e.getKey()).append(" ×").append(String.format(Locale.ROOT, "%,d", e.getValue().asLong())));
    return Report.esc(s.toString());
  }
}
