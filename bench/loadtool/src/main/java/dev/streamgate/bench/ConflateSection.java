package dev.streamgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's view of the {@code conflate-1k} scenario ({@link ConflateCommand}): the same C
 * clients on the same keyed feed, every record against conflated, each variant on a fresh server in
 * one invocation. Per client per second of the feed: deliveries, bytes and server CPU; every
 * client's final key → value map checked against the topic's fold. The ratio line divides the
 * every-record variant's means by the conflated one's.
 */
final class ConflateSection {

  static final String PREFIX = "conflate-";

  private ConflateSection() {}

  static boolean is(String scenario) {
    return scenario.startsWith(PREFIX);
  }

  static void table(StringBuilder sb, List<JsonNode> rows) {
    List<JsonNode> rs = rows.stream().filter(r -> is(r.path("scenario").asText())).toList();
    JsonNode any = rs.stream().filter(r -> r.has("keys")).findFirst().orElse(null);
    sb.append("## Conflation: the same clients on a keyed feed, every record against conflated (`conflate-1k`)\n\n");
    if (any != null) {
      sb.append(String.format(Locale.ROOT, "C=%,d clients, %,d keys over %d partitions (each key in one), %,.0f records/s for %,d records, ",
          any.path("connectionsRequested").asInt(), any.path("keys").asInt(), any.path("partitions").asInt(),
          any.path("rate").asDouble(), any.path("events").asLong()));
    }
    sb.append("each variant on a fresh Streamgate and topic. A client folds its key → value map and reconnects with its ")
        .append("last id when the server ends its stream; after the drain its map is compared with the topic's fold read ")
        .append("back from Kafka (*exact*). Per client per second of the feed (the production's duration): values ")
        .append("received, response bytes, and server CPU over the production and the drain. *Value age* is producer send → ")
        .append("client receipt of each value received (a conflated value waits for its window's end).\n\n");
    sb.append("| variant | clients ready / asked | exact clients / checked | deliveries per client per s | KB per client per s | ")
        .append("server CPU ms per client per s | value age p50 / p99 ms | batches | reconnects / server closes | ")
        .append("all exact after production s | wrong keys / regressions / repeats | gaps / dups / reorders | server CPU s | load avg before | notes |\n");
    sb.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (JsonNode r : rs) {
      String variant = variant(r);
      boolean ran = r.has("exactClients");
      if (ran) {
        double[] sum = sums.computeIfAbsent(variant, k -> new double[4]);
        sum[0] += r.path("deliveriesPerClientPerSecond").asDouble();
        sum[1] += r.path("bytesPerClientPerSecond").asDouble();
        sum[2] += r.path("serverCpuMsPerClientPerSecond").asDouble();
        sum[3]++;
      }
      sb.append("| ").append(variant).append(" | ").append(Report.readyOf(r)).append(" | ")
          .append(ran ? count(r, "exactClients") + " / " + count(r, "checkedClients") : "–").append(" | ")
          .append(Report.num(r, "deliveriesPerClientPerSecond")).append(" | ")
          .append(r.path("bytesPerClientPerSecond").isNumber() ? Report.fmt(r.path("bytesPerClientPerSecond").asDouble() / 1024) : "–").append(" | ")
          .append(Report.num(r, "serverCpuMsPerClientPerSecond")).append(" | ")
          .append(Report.pct(r, "latencyMs", "p50")).append(" / ").append(Report.pct(r, "latencyMs", "p99")).append(" | ")
          .append(r.has("batches") ? count(r, "batches") : "–").append(" | ")
          .append(r.has("reconnects") ? count(r, "reconnects") + " / " + count(r, "serverCloses") : "–").append(" | ")
          .append(Report.num(r, "allExactAfterProductionSeconds")).append(" | ")
          .append(ran ? count(r, "wrongKeys") + " / " + count(r, "keyRegressions") + " / " + count(r, "keyRepeats") : "–").append(" | ")
          .append(r.has("gaps") ? r.path("gaps").asLong() + " / " + r.path("duplicates").asLong() + " / " + r.path("reorders").asLong() : "n/a").append(" | ")
          .append(Report.num(r, "serverCpuSeconds")).append(" | ")
          .append(r.path("loadavgBefore").asText("–")).append(" | ")
          .append(notes(r)).append(" |\n");
    }
    ratios(sb, sums);
    sb.append("\n");
  }

  /** Every record ÷ each conflated variant, of the means over rounds. */
  private static void ratios(StringBuilder sb, Map<String, double[]> sums) {
    double[] every = sums.get("every record");
    if (every == null) return;
    for (Map.Entry<String, double[]> e : sums.entrySet()) {
      if (e.getKey().equals("every record")) continue;
      double[] c = e.getValue();
      sb.append(String.format(Locale.ROOT,
          "\n**Every record ÷ %s, per client per second (means of %d and %d rounds): deliveries %s, bytes %s, server CPU %s.**\n",
          e.getKey(), (int) every[3], (int) c[3], ratio(every[0] / every[3], c[0] / c[3]), ratio(every[1] / every[3], c[1] / c[3]),
          ratio(every[2] / every[3], c[2] / c[3])));
    }
  }

  private static String ratio(double a, double b) {
    return b > 0 ? String.format(Locale.ROOT, "%.1f×", a / b) : "–";
  }

  /** {@code every record}, or {@code conflate=<window>}. */
  static String variant(JsonNode r) {
    String w = r.path("conflate").asText("");
    if (w.isEmpty()) w = r.path("scenario").asText().substring(PREFIX.length()).replaceFirst("^1k-", "");
    return w.equals("off") ? "every record" : "conflate=" + w;
  }

  private static String notes(JsonNode r) {
    List<String> n = new ArrayList<>();
    String base = Report.notes(r);
    if (!base.isEmpty()) n.add(base);
    if (r.path("topicForeignRecords").asLong() > 0) n.add(count(r, "topicForeignRecords") + " topic records not of the production");
    if (r.path("unknownValues").asLong() > 0) n.add(count(r, "unknownValues") + " values of no key");
    if (r.has("exactClients") && r.path("exactClients").asLong() < r.path("checkedClients").asLong())
      n.add("**not exact: " + (r.path("checkedClients").asLong() - r.path("exactClients").asLong()) + " clients**");
    return String.join("; ", n);
  }

  private static String count(JsonNode r, String f) {
    return String.format(Locale.ROOT, "%,d", r.path(f).asLong());
  }
}
