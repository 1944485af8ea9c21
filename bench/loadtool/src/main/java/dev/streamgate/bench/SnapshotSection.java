package dev.streamgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * The report's view of the {@code snapshot} rows: C clients opening {@code from=snapshot} on a
 * keyed, compacted topic, the time to the last client's {@code caught-up}, what each client got
 * (every key exactly once, at its latest value), and the server's own count of table builds and the
 * records they read. Issue 15's target: one table and one read of the topic, not one per client.
 */
final class SnapshotSection {
  private SnapshotSection() {}

  static void tables(StringBuilder sb, List<JsonNode> rs) {
    sb.append("| system | clients caught up / asked | all caught up after s | caught-up p50 / p99 ms | snapshot records / expected | records/s | ")
        .append("exact clients | duplicate / missing / unknown keys, stale values | server CPU s | server CPU ms per 1k records | ")
        .append("server RSS peak MB | table builds | build records / records in topic | tables | notes |\n");
    sb.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (JsonNode r : rs) {
      boolean ran = r.has("snapshotRecords");
      sb.append("| ").append(Report.name(r)).append(" | ").append(Report.readyOf(r)).append(" | ")
          .append(Report.num(r, "allCaughtUpSeconds")).append(" | ")
          .append(Report.pct(r, "caughtUpMs", "p50")).append(" / ").append(Report.pct(r, "caughtUpMs", "p99")).append(" | ")
          .append(ran ? count(r, "snapshotRecords") + " / " + count(r, "expectedSnapshotRecords") : "–").append(" | ")
          .append(r.path("snapshotRecordsPerSecond").isNumber() ? count(r, "snapshotRecordsPerSecond") : "–").append(" | ")
          .append(ran ? count(r, "exactClients") : "–").append(" | ")
          .append(ran ? count(r, "duplicateKeys") + " / " + count(r, "missingKeys") + " / " + count(r, "unknownKeys") + ", " + count(r, "staleValues") : "–").append(" | ")
          .append(Report.num(r, "serverCpuSeconds")).append(" | ")
          .append(r.path("serverCpuPer1000Events").isNumber() ? Report.fmt(r.path("serverCpuPer1000Events").asDouble() * 1000) : "–").append(" | ")
          .append(Report.num(r, "serverRssPeakMB")).append(" | ")
          .append(r.has("snapshotBuilds") ? count(r, "snapshotBuilds") : "–").append(" | ")
          .append(r.has("snapshotBuildRecords") ? count(r, "snapshotBuildRecords") + " / " + count(r, "recordsInTopic") : "–").append(" | ")
          .append(r.has("snapshotTables") ? count(r, "snapshotTables") : "–").append(" | ")
          .append(notes(r)).append(" |\n");
    }
    for (JsonNode r : rs) verdict(sb, r);
  }

  /** The verdict line under the table, for every row that read (or tried to read) the server's meters. */
  static void verdict(StringBuilder sb, JsonNode r) {
    if (r.hasNonNull("metricsError")) {
      sb.append("\n**").append(Report.name(r)).append(": one table, one read: no** (not shown: the server's meters could not be read: ")
          .append(Report.esc(r.path("metricsError").asText())).append(").\n");
      return;
    }
    if (!r.has("oneTableOneRead")) return;
    boolean yes = r.path("oneTableOneRead").asBoolean();
    sb.append("\n**").append(Report.name(r)).append(": one table, one read: ").append(yes ? "yes" : "no").append("** (")
        .append(count(r, "snapshotBuilds")).append(" build(s), ").append(count(r, "snapshotTables")).append(" table(s), ")
        .append(count(r, "snapshotBuildRecords")).append(" records read for ").append(count(r, "recordsInTopic"))
        .append(" in the topic, ").append(count(r, "connectionsRequested")).append(" clients; last `caught-up` after ")
        .append(Report.num(r, "lastCaughtUpSeconds")).append(" s).\n");
  }

  private static String notes(JsonNode r) {
    String n = Report.notes(r);
    if (r.hasNonNull("metricsError")) n = (n.isEmpty() ? "" : n + "; ") + "metrics: " + Report.esc(r.path("metricsError").asText());
    if (r.path("recordsAfterCaughtUp").asLong() > 0) n = (n.isEmpty() ? "" : n + "; ") + r.path("recordsAfterCaughtUp").asLong() + " records after `caught-up`";
    return n;
  }

  private static String count(JsonNode r, String f) {
    return String.format(Locale.ROOT, "%,d", r.path(f).asLong());
  }
}
