package dev.streamgate.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.AbstractHistogram;

/**
 * One result as a JSON line: the groups of fields that {@code run}, {@code floor} and {@code
 * capacity} (and its steps) write alike, the units of their figures (MB, seconds, milliseconds,
 * rounded), and the line printed and appended to the results file. The report reads these names.
 */
final class ResultLine {
  private ResultLine() {}

  /** Longest error text kept in a result. */
  static final int MAX_ERROR = 600;

  static void write(Map<String, Object> r, Path out) throws IOException {
    String line = new ObjectMapper().writeValueAsString(r);
    System.out.println(line);
    if (out != null) {
      Path dir = out.toAbsolutePath().getParent();
      if (dir != null) Files.createDirectories(dir);
      Files.writeString(out, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }

  /**
   * A result's last fields, then {@link #write}: {@code error} (when there was one, at most {@link
   * #MAX_ERROR} characters), {@code note}, {@code runSeconds} since {@code runStartNanos}, {@code
   * loadavgAfter}.
   */
  static void finish(Map<String, Object> r, String error, String note, long runStartNanos, Path out) throws IOException {
    if (error != null) r.put("error", clip(error));
    if (note != null) r.put("note", note);
    r.put("runSeconds", secs(System.nanoTime() - runStartNanos));
    r.put("loadavgAfter", loadavg());
    write(r, out);
  }

  static String clip(String error) {
    return error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
  }

  /**
   * CPU over a window: {@code serverCpuSeconds}, {@code serverCpuPer1000Events} (per delivered
   * event; null when none was), then {@link #putBrokerAndLoadToolCpu}.
   */
  static void putCpu(Map<String, Object> r, ProcStats.Snapshot from, ProcStats.Snapshot to, long delivered) {
    double serverCpu = to.server().cpuSeconds() - from.server().cpuSeconds();
    r.put("serverCpuSeconds", round3(serverCpu));
    r.put("serverCpuPer1000Events", delivered > 0 ? round4(serverCpu * 1000 / delivered) : null);
    putBrokerAndLoadToolCpu(r, from, to);
  }

  /** CPU over a window: {@code brokerCpuSeconds}, {@code loadToolCpuSeconds}. */
  static void putBrokerAndLoadToolCpu(Map<String, Object> r, ProcStats.Snapshot from, ProcStats.Snapshot to) {
    r.put("brokerCpuSeconds", round3(to.broker().cpuSeconds() - from.broker().cpuSeconds()));
    r.put("loadToolCpuSeconds", round3(to.self().cpuSeconds() - from.self().cpuSeconds()));
  }

  /**
   * A production awaited: {@code produceSeconds}, {@code produced} (the count the caller read),
   * {@code produceErrors} (the producer's and the sink's), {@code produceLastError} (the
   * producer's, else the sink's, if any), {@code produceIncomplete} (when it did not end in time).
   */
  static void putProduced(
      Map<String, Object> r,
      Producer producer,
      long produced,
      AtomicLong sinkErrors,
      AtomicReference<String> sinkLastError,
      boolean ended) {
    r.put("produceSeconds", secs(producer.endNanos() - producer.startNanos()));
    r.put("produced", produced);
    r.put("produceErrors", producer.sendErrors() + sinkErrors.get());
    String pe = producer.lastError() != null ? producer.lastError() : sinkLastError.get();
    if (pe != null) r.put("produceLastError", pe);
    if (!ended) r.put("produceIncomplete", true);
  }

  /**
   * Deliveries: {@code unsentEvents}, {@code expectedDeliveries}, {@code delivered}, {@code
   * deliveredRatio} (null when none were expected), {@code deliveryWindowSeconds} (from {@code
   * startNanos} to the last receipt, 0 when nothing came after the start) and {@code
   * eventsPerSecond} over it.
   */
  static void putDelivered(Map<String, Object> r, int unsent, long expected, long delivered, long startNanos, long lastReceiptNanos) {
    r.put("unsentEvents", unsent);
    r.put("expectedDeliveries", expected);
    r.put("delivered", delivered);
    r.put("deliveredRatio", expected > 0 ? round4((double) delivered / expected) : null);
    double window = lastReceiptNanos > startNanos ? (lastReceiptNanos - startNanos) / 1e9 : 0;
    r.put("deliveryWindowSeconds", round3(window));
    r.put("eventsPerSecond", window > 0 ? Math.round(delivered / window) : 0);
  }

  /** Sequence errors: {@code gaps}, {@code duplicates}, {@code reorders}, {@code missing}. */
  static void putOrder(Map<String, Object> r, long gaps, long duplicates, long reorders, long missing) {
    r.put("gaps", gaps);
    r.put("duplicates", duplicates);
    r.put("reorders", reorders);
    r.put("missing", missing);
  }

  /** Mean and p50/p99/p99.9/max in milliseconds from a microsecond histogram; null if empty. */
  static Map<String, Object> percentiles(AbstractHistogram h) {
    if (h.getTotalCount() == 0) return null;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", h.getTotalCount());
    m.put("mean", round3(h.getMean() / 1000.0));
    m.put("p50", round3(h.getValueAtPercentile(50) / 1000.0));
    m.put("p99", round3(h.getValueAtPercentile(99) / 1000.0));
    m.put("p999", round3(h.getValueAtPercentile(99.9) / 1000.0));
    m.put("max", round3(h.getMaxValue() / 1000.0));
    return m;
  }

  /** The 1/5/15-minute load averages, as /proc/loadavg prints them. */
  static String loadavg() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (Exception e) {
      return null;
    }
  }

  static double mb(long bytes) {
    return round1(bytes / 1024.0 / 1024.0);
  }

  static double secs(long nanos) {
    return round3(nanos / 1e9);
  }

  static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  static double round3(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  static double round4(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
