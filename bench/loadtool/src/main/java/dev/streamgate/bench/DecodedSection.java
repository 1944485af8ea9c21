package dev.streamgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * The report's view of the {@code decoded} scenario: fan-out-1k on a topic of Avro values in the
 * Confluent framing (decoded by Streamgate through the stand-in registry) against the same events
 * as JSON, each on a fresh server, in one invocation. Decoding is once per record on the topic's
 * reader, not per client, so the CPU per 1,000 deliveries should stay within 10 % of the JSON run:
 * the section gives every round, the mean of each variant and their ratio.
 */
final class DecodedSection {

  static final String JSON = "decoded-json";
  static final String AVRO = "decoded-avro";

  private DecodedSection() {}

  static boolean present(List<JsonNode> rows) {
    return rows.stream().anyMatch(r -> r.path("scenario").asText().startsWith("decoded-"));
  }

  static void table(StringBuilder sb, List<JsonNode> rows) {
    sb.append("## Decoded: fan-out-1k on Avro values against the same events as JSON (`decoded`)\n\n");
    JsonNode shape = rows.stream().filter(r -> r.path("scenario").asText().startsWith("decoded-")).findFirst().orElseThrow();
    double rate = shape.path("rate").asDouble();
    sb.append(String.format(Locale.ROOT, "C=%,d clients, %,d events", shape.path("connectionsRequested").asLong(), shape.path("events").asLong()))
        .append(rate > 0 ? String.format(Locale.ROOT, " at %s events/s (%s s)", Report.fmt(rate), Report.fmt(shape.path("events").asLong() / rate)) : "")
        .append(", per variant on a fresh Streamgate with the stand-in ")
        .append("registry's URL set. `decoded-avro`: each value is the bench payload written with Avro in the ")
        .append("Confluent framing, decoded by Streamgate's topic reader back to the same JSON bytes, so the clients ")
        .append("check and time exactly what they do in `decoded-json`. Target: CPU per 1,000 deliveries within ")
        .append("10 % of the JSON run (decoding is per record, not per client).\n\n");
    sb.append("| variant | clients ready / asked | delivered / expected | latency p50 / p99 ms | gaps / dups / reorders | missing | ")
        .append("server CPU s | server CPU ms per 1k deliveries | load avg before | registry requests | notes |\n");
    sb.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    double[] json = {0, 0};
    double[] avro = {0, 0};
    for (JsonNode r : rows) {
      String sc = r.path("scenario").asText();
      if (!r.path("system").asText().equals("streamgate") || !(sc.equals(JSON) || sc.equals(AVRO))) continue;
      JsonNode cpu = r.path("serverCpuPer1000Events");
      if (cpu.isNumber()) {
        double[] sum = sc.equals(JSON) ? json : avro;
        sum[0] += cpu.asDouble() * 1000;
        sum[1]++;
      }
      sb.append("| ").append(sc).append(" | ").append(Report.readyOf(r)).append(" | ")
          .append(r.has("delivered") ? String.format(Locale.ROOT, "%,d / %,d", r.path("delivered").asLong(), r.path("expectedDeliveries").asLong()) : "–").append(" | ")
          .append(Report.pct(r, "latencyMs", "p50")).append(" / ").append(Report.pct(r, "latencyMs", "p99")).append(" | ")
          .append(r.has("gaps") ? r.path("gaps").asLong() + " / " + r.path("duplicates").asLong() + " / " + r.path("reorders").asLong() : "–").append(" | ")
          .append(r.has("missing") ? String.format(Locale.ROOT, "%,d", r.path("missing").asLong()) : "–").append(" | ")
          .append(Report.num(r, "serverCpuSeconds")).append(" | ")
          .append(cpu.isNumber() ? Report.fmt(cpu.asDouble() * 1000) : "–").append(" | ")
          .append(r.path("loadavgBefore").asText("–")).append(" | ")
          .append(r.hasNonNull("registryRequests") ? "`" + Report.esc(r.path("registryRequests").asText()) + "`" : "–").append(" | ")
          .append(Report.notes(r)).append(" |\n");
    }
    if (json[1] > 0 && avro[1] > 0) {
      double j = json[0] / json[1];
      double a = avro[0] / avro[1];
      sb.append(String.format(Locale.ROOT,
          "\n**Avro ÷ JSON, server CPU per 1,000 deliveries: %.2f** (Avro %s ms, mean of %d rounds; JSON %s ms, mean of %d rounds; target ≤ 1.10: %s).\n",
          a / j, Report.fmt(a), (int) avro[1], Report.fmt(j), (int) json[1], a / j <= 1.10 ? "met" : "not met"));
    }
    sb.append("\n");
  }
}
