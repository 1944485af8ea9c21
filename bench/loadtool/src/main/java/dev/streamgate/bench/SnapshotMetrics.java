package dev.streamgate.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Streamgate's snapshot meters for one topic, read from its Prometheus text ({@code /q/metrics})
 * after the snapshot scenario: {@code streamgate_snapshot_builds_total} (by outcome), {@code
 * streamgate_snapshot_build_records_total} and the pod's {@code streamgate_snapshot_tables}. The
 * target is one table and one read of the topic for all clients: builds = 1 and build records no
 * more than the records in the topic.
 */
record SnapshotMetrics(Map<String, Long> buildsByOutcome, long buildRecords, long tables) {

  long builds() {
    return buildsByOutcome.values().stream().mapToLong(Long::longValue).sum();
  }

  /** One build, one table, and that build read the topic once (at most its records, at least its keys). */
  boolean oneTableOneRead(long keys, long recordsInTopic) {
    return builds() == 1 && tables == 1 && buildRecords >= keys && buildRecords <= recordsInTopic;
  }

  /** The meters of {@code topic} in a Prometheus text exposition. */
  static SnapshotMetrics parse(String text, String topic) {
    Map<String, Long> builds = new LinkedHashMap<>();
    long records = 0;
    long tables = 0;
    String tag = "topic=\"" + topic + "\"";
    for (String line : text.split("\n")) {
      if (line.startsWith("#")) continue;
      int sp = line.lastIndexOf(' ');
      if (sp < 0) continue;
      long v;
      try {
        v = (long) Double.parseDouble(line.substring(sp + 1).trim());
      } catch (NumberFormatException e) {
        continue;
      }
      if (line.startsWith("streamgate_snapshot_tables")) tables = v;
      else if (!line.contains(tag)) continue;
      else if (line.startsWith("streamgate_snapshot_builds_total{")) builds.merge(label(line, "outcome"), v, Long::sum);
      else if (line.startsWith("streamgate_snapshot_build_records_total{")) records += v;
    }
    return new SnapshotMetrics(builds, records, tables);
  }

  private static String label(String line, String name) {
    int i = line.indexOf(name + "=\"");
    if (i < 0) return "?";
    int from = i + name.length() + 2;
    return line.substring(from, line.indexOf('"', from));
  }

  /** GET the metrics page (bounded). */
  static String fetch(String url) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> res =
        http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 200) throw new IllegalStateException("HTTP " + res.statusCode() + " from " + url);
    return res.body();
  }
}
