package dev.streamgate.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One sample of a soaked server: its heap after a full collection (asked of the JVM with {@code
 * jcmd <pid> GC.run}, then read from its {@code /q/metrics}), and from {@code /proc} its RSS,
 * threads, open files and CPU seconds, plus the gauges that would show what the pod keeps per
 * stream, topic, filter or table. A figure that cannot be read is null.
 */
final class SoakSampler {

  /** The gauges sampled from the metrics (summed over their series). */
  static final List<String> GAUGES =
      List.of(
          "streamgate_streams_open",
          "streamgate_tails_running",
          "streamgate_snapshot_tables",
          "streamgate_filter_compiled",
          "streamgate_catchup_readers",
          "streamgate_write_budget_bytes",
          "jvm_threads_live_threads");

  private final long pid;
  private final String metricsUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  SoakSampler(long pid, String metricsUrl) {
    this.pid = pid;
    this.metricsUrl = metricsUrl;
  }

  /** A sample at {@code minute}: heap after GC (MB), RSS (MB), threads, open files, CPU s, gauges. */
  Map<String, Object> sample(double minute) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("minute", ResultLine.round3(minute));
    boolean collected = fullGc();
    Map<String, Double> metrics = metrics();
    double heap = metrics.getOrDefault("jvm_memory_used_bytes{area=\"heap\"}", Double.NaN);
    s.put("heapAfterGcMB", collected && !Double.isNaN(heap) ? ResultLine.round1(heap / 1048576) : null);
    ProcStats.Sample p = ProcStats.tree(List.of(pid));
    s.put("rssMB", ResultLine.mb(p.rssBytes()));
    s.put("threads", orNull(status("Threads:")));
    s.put("openFiles", orNull(openFiles()));
    s.put("cpuSeconds", ResultLine.round3(p.cpuSeconds()));
    for (String g : GAUGES) s.put(g, orNull(metrics.getOrDefault(g, Double.NaN)));
    return s;
  }

  private static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }

  /** {@code jcmd <pid> GC.run}: a full collection, so that the heap read next is what is live. */
  private boolean fullGc() {
    try {
      Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true).start();
      jcmd.getInputStream().readAllBytes();
      return jcmd.waitFor(30, TimeUnit.SECONDS) && jcmd.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** The sampled series, summed by name (and the heap by area). */
  private Map<String, Double> metrics() {
    Map<String, Double> m = new LinkedHashMap<>();
    try {
      String body = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      for (String line : body.split("\n")) {
        if (line.isEmpty() || line.startsWith("#")) continue;
        int space = line.lastIndexOf(' ');
        int brace = line.indexOf('{');
        String name = brace > 0 && brace < space ? line.substring(0, brace) : line.substring(0, space);
        double v;
        try {
          v = Double.parseDouble(line.substring(space + 1));
        } catch (NumberFormatException e) {
          continue;
        }
        if (name.equals("jvm_memory_used_bytes") && line.contains("area=\"heap\"")) {
          m.merge("jvm_memory_used_bytes{area=\"heap\"}", v, Double::sum);
        } else if (GAUGES.contains(name)) {
          m.merge(name, v, Double::sum);
        }
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      // a sample without the metrics: NaN figures
    }
    return m;
  }

  private double status(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field)) return Double.parseDouble(line.substring(field.length()).trim());
      }
    } catch (IOException | RuntimeException e) {
      // gone
    }
    return Double.NaN;
  }

  private double openFiles() {
    int n = 0;
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path ignored : fds) n++;
    } catch (IOException e) {
      return Double.NaN;
    }
    return n;
  }
}
