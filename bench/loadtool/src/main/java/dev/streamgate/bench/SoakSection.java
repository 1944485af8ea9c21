package dev.streamgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * The report's view of a {@code soak} row: the server sampled every minute (heap after a full
 * collection, RSS, threads, open files and its gauges), growth flagged after the warm-up ({@link
 * Growth}), the churn, the snapshot rounds and the topics created and deleted, and the errors: the
 * goal is flat figures after warm-up, 0 errors and every client exact.
 */
final class SoakSection {
  private SoakSection() {}

  private static final List<String[]> COLUMNS =
      List.of(
          new String[] {"minute", "min"},
          new String[] {"heapAfterGcMB", "heap after GC MB"},
          new String[] {"rssMB", "RSS MB"},
          new String[] {"threads", "threads"},
          new String[] {"openFiles", "open files"},
          new String[] {"streamgate_streams_open", "streams"},
          new String[] {"streamgate_tails_running", "readers"},
          new String[] {"streamgate_snapshot_tables", "key tables"},
          new String[] {"streamgate_filter_compiled", "filters"},
          new String[] {"streamgate_catchup_readers", "catch-up readers"},
          new String[] {"cpuSeconds", "CPU s"});

  static void tables(StringBuilder sb, List<JsonNode> rs) {
    for (JsonNode r : rs) {
      if (!r.has("samples")) {
        sb.append(Report.name(r)).append(": ").append(Report.notes(r)).append("\n\n");
        continue;
      }
      JsonNode plan = r.path("plan");
      sb.append(String.format(Locale.ROOT, "%s for %s min (warm-up %s min) at %s events/s: %,d steady clients, %,d churn slots, snapshot rounds every %s s, a topic created and deleted every %s s.\n\n",
          Report.name(r), Report.num(plan, "minutes"), Report.num(plan, "warmupMinutes"), Report.num(plan, "rate"),
          plan.path("steady").asInt(), plan.path("churnSlots").asInt(), Report.num(plan, "snapshotEvery"), Report.num(plan, "tmpEvery")));
      sb.append("| figure | after warm-up, first third (median) | last third (median) | slope per hour | grew? |\n| --- | --- | --- | --- | --- |\n");
      r.path("growth").fields().forEachRemaining(e -> {
        JsonNode g = e.getValue();
        sb.append("| ").append(e.getKey()).append(" | ").append(Report.num(g, "first")).append(" | ").append(Report.num(g, "last")).append(" | ")
            .append(Report.fmt(g.path("perHour").asDouble())).append(" | ").append(g.path("grew").asBoolean() ? "**yes**" : "no").append(" |\n");
      });
      sb.append("\n| ");
      for (String[] c : COLUMNS) sb.append(c[1]).append(" | ");
      sb.append("\n|");
      for (int i = 0; i < COLUMNS.size(); i++) sb.append(" --- |");
      sb.append("\n");
      for (JsonNode s : r.path("samples")) {
        sb.append("| ");
        for (String[] c : COLUMNS) sb.append(Report.num(s, c[0])).append(" | ");
        sb.append("\n");
      }
      int rounds = r.path("snapshots").path("rounds").size(), cycles = r.path("topics").path("cycles").size();
      sb.append(String.format(Locale.ROOT, "\nSteady clients exact: %s; churn lives: %,d (with order errors: %,d); pattern clients exact: %s; gaps / dups / reorders / missing: %d / %d / %d / %d.\n",
          Report.esc(r.path("steadyExact").asText("–")), r.path("churnLives").asLong(), r.path("churnLivesWithOrderErrors").asLong(),
          Report.esc(r.path("patternExact").asText("–")), r.path("gaps").asLong(), r.path("duplicates").asLong(), r.path("reorders").asLong(), r.path("missing").asLong()));
      sb.append("Snapshot rounds: ").append(rounds);
      for (JsonNode round : r.path("snapshots").path("rounds")) sb.append(round.has("error") ? "; error " + Report.esc(round.path("error").asText()) : String.format(Locale.ROOT, "; %d of %d exact", round.path("exact").asInt(), round.path("ready").asInt()));
      sb.append(". Topics created and deleted: ").append(cycles);
      for (JsonNode c : r.path("topics").path("cycles")) sb.append(c.has("error") ? "; error " + Report.esc(c.path("error").asText()) : String.format(Locale.ROOT, "; %d clients and %d pattern clients exact", c.path("clientsExact").asInt(), c.path("patternExact").asInt()));
      sb.append(".\nDisconnects: ").append(Report.esc(r.path("statuses").toString())).append("; reconnects: ").append(r.path("reconnects").asLong())
          .append("; errors: ").append(Report.esc(r.path("errors").toString())).append("; unparsed events: ").append(r.path("unparsedEvents").asLong())
          .append(r.hasNonNull("error") ? "; **error:** " + Report.esc(r.path("error").asText()) : "").append(".\n\n");
    }
  }
}
