package dev.streamgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Renders the results (JSON lines) as a markdown table per scenario, ratios, and one PNG chart. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Write the results table and chart.")
public final class Report implements Callable<Integer> {

  @Option(names = "--results", required = true, description = "JSON lines from run/fail")
  Path results;

  @Option(names = "--meta", description = "JSON object with run facts (date, load, command, duration)")
  Path meta;

  @Option(names = "--md", required = true)
  Path md;

  @Option(names = "--png", required = true)
  Path png;

  static final Map<String, String> NAMES = new LinkedHashMap<>();

  static {
    NAMES.put("streamgate", "Streamgate");
    NAMES.put("streamgate-ref", "Streamgate at REF");
    NAMES.put("baseline", "Quarkus @Channel broadcast");
    NAMES.put("kafkasse", "KafkaSSE");
    NAMES.put("nchan", "nginx + nchan");
    NAMES.put("ceiling", "ceiling (static file)");
    NAMES.put("kafka-floor", "Kafka floor (plain consumer)");
    NAMES.put("write-floor", "Write floor (minimal Netty)");
  }

  static final Map<String, String> SCENARIOS = new LinkedHashMap<>();

  static {
    SCENARIOS.put("fanout-1k", "Fan-out: C=1,000 clients, 100 events/s for 30 s");
    SCENARIOS.put("fanout-10k", "Fan-out: C=10,000 clients, 10 events/s for 30 s");
    SCENARIOS.put("burst", "Burst: 100,000 events as fast as possible to C=100 clients");
    SCENARIOS.put("storm", "Reconnect storm: C=5,000 clients drop at once and resume with their last id (resumed: it has every event sent before it reconnected)");
    SCENARIOS.put("idle", "Idle memory: C=10,000 idle connections");
    SCENARIOS.put("capacity", "Capacity: the highest offered rate at which C open clients still get ≥ 99 % of events with p99 < 1 s");
    SCENARIOS.put("ls-all", "Lightstreamer's scenario 1: 1 KB messages at 4/s on one partition, every client gets every message");
    SCENARIOS.put("ls-keys", "Lightstreamer's scenario 2: 100 messages/s over 40 keys on one partition, each client takes one key");
    SCENARIOS.put("overload", "Overload: C=10,000 at twice the system's capacity (OVERLOAD_FACTOR sets the multiple) for 15 s, then half of it; every client back and exact?");
    SCENARIOS.put("soak", "Soak: a pod served for an hour with churn, sampled every minute");
    SCENARIOS.put("snapshot", "Snapshot: C=1,000 clients open from=snapshot on a 100,000-key compacted topic");
    SCENARIOS.put("decoded-json", "Decoded, JSON side: fan-out-1k of the bench payload as JSON (a registry configured)");
    SCENARIOS.put("decoded-avro", "Decoded, Avro side: fan-out-1k of the same payload written with Avro, decoded by Streamgate");
  }

  private final ObjectMapper om = new ObjectMapper();

  @Override
  public Integer call() throws Exception {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(results, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) rows.add(om.readTree(line));
    }
    JsonNode m = meta != null && Files.exists(meta) ? om.readTree(meta.toFile()) : om.createObjectNode();
    Set<String> scenarios = new LinkedHashSet<>();
    for (String s : SCENARIOS.keySet()) if (rows.stream().anyMatch(r -> s.equals(r.path("scenario").asText()))) scenarios.add(s);
    for (JsonNode r : rows) scenarios.add(r.path("scenario").asText());

    StringBuilder sb = new StringBuilder();
    sb.append("# Streamgate benchmark results: ").append(m.path("date").asText("")).append("\n\n");
    sb.append("All systems ran in one invocation on the same machine, with the same load tool, payloads and rates; ")
        .append("loopback only. Produced by `").append(m.path("command").asText("bench/run-all")).append("`.\n\n");
    sb.append("| fact | value |\n| --- | --- |\n");
    m.fields().forEachRemaining(e -> {
      if (!e.getKey().equals("command") && !e.getKey().equals("date"))
        sb.append("| ").append(e.getKey()).append(" | ").append(e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString()).append(" |\n");
    });
    sb.append("\nHow to read: latency is producer send → client receipt (same-host monotonic clock). ")
        .append("*gaps / dups / reorders* are per-connection sequence errors (must be 0); *missing* counts events ")
        .append("produced but not delivered to a connection by the end of the drain (before its first or after its last). ")
        .append("Server CPU covers the delivery phase (production + drain). RSS is the server's process tree. ")
        .append("The ceiling serves a pre-encoded static file: it shows how fast the load tool and loopback go at all; ")
        .append("it has no live latency. ")
        .append("The Kafka floor is one plain consumer on the same broker timing the same production send → poll: ")
        .append("Streamgate's p99 above it is the part this service owns. ")
        .append("Capacity steps the offered rate on C connections kept open and reports the highest step that held.\n\n");
    sb.append("![chart](").append(png.getFileName()).append(")\n\n");

    boolean conflateShown = false;
    for (String sc : scenarios) {
      if (ConflateSection.is(sc)) { // its variants in one section
        if (!conflateShown) ConflateSection.table(sb, rows);
        conflateShown = true;
        continue;
      }
      sb.append("## ").append(SCENARIOS.getOrDefault(sc, sc)).append(" (`").append(sc).append("`)\n\n");
      List<JsonNode> rs = ordered(rows, sc);
      if (sc.equals("capacity")) {
        CapacitySection.tables(sb, rs);
      } else if (sc.equals("snapshot")) {
        SnapshotSection.tables(sb, rs);
      } else if (sc.equals("overload")) {
        OverloadSection.tables(sb, rs);
      } else if (sc.equals("soak")) {
        SoakSection.tables(sb, rs);
      } else if (sc.equals("idle")) {
        sb.append("| system | clients ready / asked | alive after idle | connect p99 ms | server RSS before MB | RSS at C MB | KB per connection | notes |\n");
        sb.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (JsonNode r : rs) {
          sb.append("| ").append(name(r)).append(" | ").append(readyOf(r)).append(" | ")
              .append(num(r, "connectionsAliveAfterIdle")).append(" | ").append(pct(r, "connectMs", "p99")).append(" | ")
              .append(num(r, "serverRssBeforeMB")).append(" | ").append(num(r, "serverRssIdleMB")).append(" | ")
              .append(num(r, "memPerConnKB")).append(" | ").append(notes(r)).append(" |\n");
        }
      } else {
        boolean storm = sc.equals("storm");
        sb.append("| system | clients ready / asked | delivered ev/s | delivered / expected | latency p50 / p99 / p99.9 / max ms | gaps / dups / reorders | missing | ");
        if (storm) sb.append("resumed / dropped | all resumed after s | resume p50 / p99 ms | reconnect p50 / p99 ms | ");
        sb.append("server CPU s | server CPU ms per 1k ev | server RSS peak MB | KB per conn | load-tool CPU s | broker CPU s | connect p99 ms | notes |\n");
        sb.append("| --- | --- | --- | --- | --- | --- | --- | ");
        if (storm) sb.append("--- | --- | --- | --- | ");
        sb.append("--- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (JsonNode r : rs) {
          sb.append("| ").append(name(r)).append(" | ").append(readyOf(r)).append(" | ")
              .append(intNum(r, "eventsPerSecond")).append(" | ")
              .append(r.has("delivered") ? String.format(Locale.ROOT, "%,d / %,d", r.path("delivered").asLong(), r.path("expectedDeliveries").asLong()) : "–").append(" | ")
              .append(lat(r)).append(" | ")
              .append(r.has("gaps") ? r.path("gaps").asLong() + " / " + r.path("duplicates").asLong() + " / " + r.path("reorders").asLong() : "–").append(" | ")
              .append(r.has("missing") ? String.format(Locale.ROOT, "%,d", r.path("missing").asLong()) : "–").append(" | ");
          if (storm) {
            sb.append(r.has("stormDropped") ? r.path("stormResumed").asInt() + " / " + r.path("stormDropped").asInt() : "–").append(" | ")
                .append(num(r, "stormAllResumedSeconds")).append(" | ")
                .append(pct(r, "stormResumeMs", "p50")).append(" / ").append(pct(r, "stormResumeMs", "p99")).append(" | ")
                .append(pct(r, "stormReconnectMs", "p50")).append(" / ").append(pct(r, "stormReconnectMs", "p99")).append(" | ");
          }
          sb.append(num(r, "serverCpuSeconds")).append(" | ")
              .append(r.path("serverCpuPer1000Events").isNumber() ? fmt(r.path("serverCpuPer1000Events").asDouble() * 1000) : "–").append(" | ")
              .append(num(r, "serverRssPeakMB")).append(" | ")
              .append(num(r, "memPerConnKB")).append(" | ")
              .append(num(r, "loadToolCpuSeconds")).append(" | ")
              .append(num(r, "brokerCpuSeconds")).append(" | ")
              .append(pct(r, "connectMs", "p99")).append(" | ")
              .append(notes(r)).append(" |\n");
        }
        FloorSection.line(sb, rows, sc);
      }
      sb.append("\n");
    }
    WriteFloorSection.table(sb, rows, scenarios);
    if (LightstreamerSection.present(rows)) LightstreamerSection.table(sb, rows, m.path("machine").asText("this machine"));
    FloorSection.table(sb, rows, scenarios);
    if (DecodedSection.present(rows)) DecodedSection.table(sb, rows);

    sb.append("## Streamgate against each peer\n\n");
    sb.append("Each cell is a factor where **> 1 means Streamgate is better**: throughput = Streamgate ev/s ÷ peer ev/s; ")
        .append("in `capacity`, throughput = Streamgate's highest passing deliveries/s ÷ the peer's; ")
        .append("p99 = peer p99 ÷ Streamgate p99; CPU = peer server CPU per 1,000 delivered events ÷ Streamgate's; ")
        .append("memory = peer KB per connection ÷ Streamgate's. – means one side has no figure (see its row's notes).\n\n");
    sb.append("| scenario | peer | throughput | p99 latency | CPU per 1k events | memory per connection | Streamgate gaps / dups / reorders |\n");
    sb.append("| --- | --- | --- | --- | --- | --- | --- |\n");
    int peerRows = 0;
    for (String sc : scenarios) {
      if (sc.equals("snapshot") || sc.startsWith("decoded-") || ConflateSection.is(sc)) {
        continue; // Streamgate only: the peers have neither
      }
      JsonNode sg = find(rows, sc, "streamgate");
      for (JsonNode peer : ordered(rows, sc)) {
        String sys = peer.path("system").asText();
        if (sys.equals("streamgate") || sys.equals("streamgate-ref") || sys.equals("ceiling") || sys.equals("kafka-floor")) continue;
        if (sys.equals("write-floor") || sc.equals("overload")) continue; // a floor, not a peer; overload has its own table
        peerRows++;
        String throughput = sc.equals("capacity") ? "capacityDeliveriesPerSecond" : "eventsPerSecond";
        sb.append("| ").append(sc).append(" | ").append(name(peer)).append(" | ")
            .append(ratio(sg, peer, throughput, null, true)).append(" | ")
            .append(ratio(sg, peer, "latencyMs", "p99", false)).append(" | ")
            .append(ratio(sg, peer, "serverCpuPer1000Events", null, false)).append(" | ")
            .append(ratio(sg, peer, "memPerConnKB", null, false)).append(" | ")
            .append(sg == null ? "–" : sg.has("gaps") ? sg.path("gaps").asLong() + " / " + sg.path("duplicates").asLong() + " / " + sg.path("reorders").asLong() : "–")
            .append(" |\n");
      }
    }
    if (peerRows == 0) sb.append("| – | no peer ran in this invocation | | | | | |\n");
    if (rows.stream().anyMatch(r -> r.path("system").asText().equals("streamgate-ref"))) reference(sb, rows, scenarios, m);
    Files.createDirectories(md.toAbsolutePath().getParent());
    Files.writeString(md, sb.toString(), StandardCharsets.UTF_8);
    chart(rows, scenarios);
    System.out.println("wrote " + md + " and " + png);
    return 0;
  }

  /**
   * Streamgate ("after": this work tree) against Streamgate built from git ref REF ("before"),
   * both run in the same invocation: plain after ÷ before per figure, and both sides' correctness.
   */
  private static void reference(StringBuilder sb, List<JsonNode> rows, Set<String> scenarios, JsonNode m) {
    String sha = m.path("reference sha").asText("");
    sb.append("\n## Streamgate against its reference (REF=").append(sha.isEmpty() ? "?" : sha).append(")\n\n");
    sb.append("*after* is Streamgate built from this work tree (").append(esc(m.path("git").asText("?"))).append("); ")
        .append("*before* is Streamgate built from ").append(esc(m.path("reference").asText("REF"))).append(", ")
        .append("run in the same invocation with the same JVM flags, settings, clients and rates. ")
        .append("Each ratio is **after ÷ before** of the figure itself: above 1 is better for throughput, ")
        .append("below 1 is better for p99 latency, CPU, memory and resume time. – means one side has no figure ")
        .append("(see its row's notes). The machine's CPU is shared, so ratios within a few percent of 1 are noise ")
        .append("unless a rerun repeats them.\n\n");
    sb.append("| scenario | throughput | p99 latency | CPU per 1k events | memory per connection | storm: all resumed after | storm: resume p99 | ")
        .append("after gaps / dups / reorders / missing | before gaps / dups / reorders / missing |\n");
    sb.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (String sc : scenarios) {
      JsonNode after = find(rows, sc, "streamgate");
      JsonNode before = find(rows, sc, "streamgate-ref");
      if (after == null && before == null) continue;
      boolean storm = sc.equals("storm");
      sb.append("| ").append(sc).append(" | ")
          .append(plainRatio(after, before, "eventsPerSecond", null)).append(" | ")
          .append(plainRatio(after, before, "latencyMs", "p99")).append(" | ")
          .append(plainRatio(after, before, "serverCpuPer1000Events", null)).append(" | ")
          .append(plainRatio(after, before, "memPerConnKB", null)).append(" | ")
          .append(storm ? plainRatio(after, before, "stormAllResumedSeconds", null) : "n/a").append(" | ")
          .append(storm ? plainRatio(after, before, "stormResumeMs", "p99") : "n/a").append(" | ")
          .append(correctness(after)).append(" | ")
          .append(correctness(before)).append(" |\n");
    }
    sb.append("\n");
  }

  /** after ÷ before, or – when either side has no positive figure (or delivered nothing). */
  static String plainRatio(JsonNode after, JsonNode before, String field, String sub) {
    if (after == null || before == null) return "–";
    JsonNode a = sub == null ? after.path(field) : after.path(field).path(sub);
    JsonNode b = sub == null ? before.path(field) : before.path(field).path(sub);
    boolean aOk = a.isNumber() && a.asDouble() > 0 && (!field.equals("eventsPerSecond") || after.path("delivered").asLong() > 0);
    boolean bOk = b.isNumber() && b.asDouble() > 0 && (!field.equals("eventsPerSecond") || before.path("delivered").asLong() > 0);
    if (!aOk || !bOk) return "–";
    double r = a.asDouble() / b.asDouble();
    double unit = field.equals("serverCpuPer1000Events") ? 1000 : 1; // shown in ms, as in the scenario tables
    return String.format(Locale.ROOT, r >= 0.1 ? "%.2f×" : "%.3f×", r) + " (" + fmt(a.asDouble() * unit) + " / " + fmt(b.asDouble() * unit) + ")";
  }

  private static String correctness(JsonNode r) {
    if (r == null) return "no row";
    if (!r.has("gaps")) return r.hasNonNull("error") ? "error (see its row)" : "–";
    return r.path("gaps").asLong() + " / " + r.path("duplicates").asLong() + " / " + r.path("reorders").asLong() + " / "
        + String.format(Locale.ROOT, "%,d", r.path("missing").asLong());
  }

  private void chart(List<JsonNode> rows, Set<String> scenarios) throws Exception {
    List<BufferedImage> imgs = new ArrayList<>();
    int w = 640, h = 380;
    boolean conflateCharted = false;
    for (String sc : scenarios) {
      if (ConflateSection.is(sc)) {
        if (!conflateCharted) imgs.add(conflateChart(rows, w, h));
        conflateCharted = true;
        continue;
      }
      List<JsonNode> rs = ordered(rows, sc);
      List<String> names = new ArrayList<>();
      for (JsonNode r : rs) names.add(name(r));
      if (sc.equals("capacity")) { // systems that were run, not the rows saying why one was not
        List<JsonNode> ran = rs.stream().filter(r -> r.has("steps") || !r.has("note")).toList();
        CategoryChart c = base(sc + ": highest passing deliveries/s (higher is better)", "deliveries/s", w, h, false);
        if (ran.isEmpty()) c.addSeries("no system ran", List.of("none"), List.of(0.0));
        else c.addSeries("deliveries/s at p99 < 1 s, ≥ 99 % delivered", ran.stream().map(Report::name).toList(),
            values(ran, "capacityDeliveriesPerSecond", null));
        imgs.add(BitmapEncoder.getBufferedImage(c));
        continue;
      }
      if (sc.equals("snapshot")) {
        CategoryChart c = base(sc + ": seconds to the last client's caught-up (lower is better)", "s", w, h, false);
        List<JsonNode> ran = rs.stream().filter(r -> r.has("lastCaughtUpSeconds")).toList();
        if (ran.isEmpty()) c.addSeries("no system ran", List.of("none"), List.of(0.0));
        else c.addSeries("first connect → last caught-up", ran.stream().map(Report::name).toList(), values(ran, "lastCaughtUpSeconds", null));
        imgs.add(BitmapEncoder.getBufferedImage(c));
        continue;
      }
      if (sc.equals("overload") || sc.equals("soak")) continue; // tables only
      if (sc.equals("idle")) {
        CategoryChart c = base(sc + ": server memory per idle connection (KB, lower is better)", "KB", w, h, false);
        c.addSeries("KB per connection", names, values(rs, "memPerConnKB", null));
        imgs.add(BitmapEncoder.getBufferedImage(c));
        continue;
      }
      List<JsonNode> withLat = new ArrayList<>();
      List<String> latNames = new ArrayList<>();
      for (JsonNode r : rs) {
        if (r.path("latencyMs").path("p50").asDouble() > 0) {
          withLat.add(r);
          latNames.add(name(r));
        }
      }
      CategoryChart lat = base(sc + ": latency (ms, log scale, lower is better)", "ms", w, h, true);
      if (withLat.isEmpty()) {
        lat.addSeries("no latency figures", List.of("none"), List.of(1.0));
        lat.getStyler().setYAxisMin(0.1);
      } else {
        lat.addSeries("p50", latNames, values(withLat, "latencyMs", "p50"));
        lat.addSeries("p99", latNames, values(withLat, "latencyMs", "p99"));
        lat.addSeries("p99.9", latNames, values(withLat, "latencyMs", "p999"));
        double min = Double.MAX_VALUE;
        for (JsonNode r : withLat) min = Math.min(min, r.path("latencyMs").path("p50").asDouble());
        lat.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
      }
      imgs.add(BitmapEncoder.getBufferedImage(lat));
      CategoryChart thr = base(sc + ": delivered events/s (log scale, higher is better)", "events/s", w, h, true);
      thr.getStyler().setYAxisMin(100.0);
      List<JsonNode> servers = rs.stream().filter(r -> !r.path("system").asText().equals("kafka-floor")).toList(); // one consumer, not C clients
      if (servers.isEmpty()) thr.addSeries("no server ran", List.of("none"), List.of(100.0));
      else thr.addSeries("events/s", servers.stream().map(Report::name).toList(), values(servers, "eventsPerSecond", null));
      imgs.add(BitmapEncoder.getBufferedImage(thr));
    }
    int cols = 2;
    int rowsN = (imgs.size() + cols - 1) / cols;
    BufferedImage all = new BufferedImage(cols * w, Math.max(1, rowsN) * h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = all.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, all.getWidth(), all.getHeight());
    for (int i = 0; i < imgs.size(); i++) g.drawImage(imgs.get(i), (i % cols) * w, (i / cols) * h, null);
    g.dispose();
    Files.createDirectories(png.toAbsolutePath().getParent());
    ImageIO.write(all, "png", png.toFile());
  }

  /** conflate-1k: per client per second, every record against conflated (log scale: they differ by orders). */
  private static BufferedImage conflateChart(List<JsonNode> rows, int w, int h) {
    List<JsonNode> ran = rows.stream().filter(r -> ConflateSection.is(r.path("scenario").asText()) && r.has("exactClients")).toList();
    CategoryChart c = base("conflate-1k: per client per second of the feed (log scale, lower is cheaper)", "per client per s", w, h, true);
    if (ran.isEmpty()) {
      c.addSeries("no variant ran", List.of("none"), List.of(1.0));
      c.getStyler().setYAxisMin(0.1);
    } else {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < ran.size(); i++) names.add(ConflateSection.variant(ran.get(i)) + (ran.size() > 2 ? " #" + (i + 1) : ""));
      List<Double> kb = new ArrayList<>();
      for (JsonNode r : ran) kb.add(Math.max(0.0001, r.path("bytesPerClientPerSecond").asDouble() / 1024));
      List<Double> deliveries = values(ran, "deliveriesPerClientPerSecond", null);
      List<Double> cpu = values(ran, "serverCpuMsPerClientPerSecond", null);
      c.addSeries("deliveries", names, deliveries);
      c.addSeries("KB", names, kb);
      c.addSeries("server CPU ms", names, cpu);
      double min = Double.MAX_VALUE;
      for (List<Double> vs : List.of(deliveries, kb, cpu)) for (double v : vs) min = Math.min(min, v);
      c.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
    }
    return BitmapEncoder.getBufferedImage(c);
  }

  private static CategoryChart base(String title, String yTitle, int w, int h, boolean log) {
    CategoryChart c = new CategoryChartBuilder().width(w).height(h).title(title).yAxisTitle(yTitle).build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    c.getStyler().setYAxisLogarithmic(log);
    c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    c.getStyler().setXAxisLabelRotation(15);
    c.getStyler().setChartTitleFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 13));
    c.getStyler().setAxisTickLabelsFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 10));
    return c;
  }

  private static List<Double> values(List<JsonNode> rs, String field, String sub) {
    List<Double> v = new ArrayList<>();
    for (JsonNode r : rs) {
      JsonNode n = sub == null ? r.path(field) : r.path(field).path(sub);
      v.add(n.isNumber() && n.asDouble() > 0 ? n.asDouble() : 0.0001);
    }
    return v;
  }

  static List<JsonNode> ordered(List<JsonNode> rows, String sc) {
    List<JsonNode> out = new ArrayList<>();
    for (String sys : NAMES.keySet()) {
      JsonNode r = find(rows, sc, sys);
      if (r != null) out.add(r);
    }
    for (JsonNode r : rows) {
      if (sc.equals(r.path("scenario").asText()) && !NAMES.containsKey(r.path("system").asText())) out.add(r);
    }
    return out;
  }

  /** The last row for (scenario, system): a rerun replaces an earlier one. */
  static JsonNode find(List<JsonNode> rows, String sc, String sys) {
    JsonNode found = null;
    for (JsonNode r : rows) if (sc.equals(r.path("scenario").asText()) && sys.equals(r.path("system").asText())) found = r;
    return found;
  }

  static String name(JsonNode r) {
    return NAMES.getOrDefault(r.path("system").asText(), r.path("system").asText());
  }

  static String readyOf(JsonNode r) {
    if (!r.has("connectionsReady")) return "– / " + String.format(Locale.ROOT, "%,d", r.path("connectionsRequested").asInt());
    return String.format(Locale.ROOT, "%,d / %,d", r.path("connectionsReady").asInt(), r.path("connectionsRequested").asInt());
  }

  private static String lat(JsonNode r) {
    JsonNode l = r.path("latencyMs");
    if (!l.isObject()) return "–";
    return fmt(l.path("p50").asDouble()) + " / " + fmt(l.path("p99").asDouble()) + " / " + fmt(l.path("p999").asDouble()) + " / " + fmt(l.path("max").asDouble());
  }

  static String pct(JsonNode r, String field, String p) {
    JsonNode n = r.path(field).path(p);
    return n.isNumber() ? fmt(n.asDouble()) : "–";
  }

  static String num(JsonNode r, String f) {
    JsonNode n = r.path(f);
    return n.isNumber() ? fmt(n.asDouble()) : "–";
  }

  private static String intNum(JsonNode r, String f) {
    JsonNode n = r.path(f);
    return n.isNumber() && r.path("delivered").asLong() > 0 ? String.format(Locale.ROOT, "%,d", n.asLong()) : "–";
  }

  static String fmt(double v) {
    if (v == 0) return "0";
    if (Math.abs(v) >= 100) return String.format(Locale.ROOT, "%,.0f", v);
    if (Math.abs(v) >= 10) return String.format(Locale.ROOT, "%.1f", v);
    if (Math.abs(v) >= 1) return String.format(Locale.ROOT, "%.2f", v);
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String ratio(JsonNode sg, JsonNode peer, String field, String sub, boolean higherBetter) {
    if (sg == null || peer == null) return "–";
    JsonNode a = sub == null ? sg.path(field) : sg.path(field).path(sub);
    JsonNode b = sub == null ? peer.path(field) : peer.path(field).path(sub);
    boolean aOk = a.isNumber() && a.asDouble() > 0 && (!field.equals("eventsPerSecond") || sg.path("delivered").asLong() > 0);
    boolean bOk = b.isNumber() && b.asDouble() > 0 && (!field.equals("eventsPerSecond") || peer.path("delivered").asLong() > 0);
    if (!aOk || !bOk) return "–";
    double r = higherBetter ? a.asDouble() / b.asDouble() : b.asDouble() / a.asDouble();
    return r >= 0.1 ? String.format(Locale.ROOT, "%.2f×", r) : String.format(Locale.ROOT, "%.3f×", r);
  }

  static String notes(JsonNode r) {
    List<String> n = new ArrayList<>();
    if (r.hasNonNull("error")) n.add("**error:** " + esc(r.path("error").asText()));
    JsonNode errs = r.path("errors");
    if (errs.isObject()) errs.fields().forEachRemaining(e -> n.add(esc(e.getKey()) + " ×" + e.getValue().asLong()));
    if (r.path("produceErrors").asLong() > 0)
      n.add("produce errors ×" + r.path("produceErrors").asLong() + (r.has("produceLastError") ? " (" + esc(r.path("produceLastError").asText()) + ")" : ""));
    if (r.path("unexpectedCloses").asLong() > 0) n.add("server closed " + r.path("unexpectedCloses").asLong() + " streams");
    if (r.path("drainStalled").asBoolean(false)) n.add("delivery stalled");
    if (r.has("serverAliveAtEnd") && !r.path("serverAliveAtEnd").asBoolean()) n.add("server process died");
    if (r.path("unparsedEvents").asLong() > 0) n.add("unparsed events ×" + r.path("unparsedEvents").asLong());
    JsonNode ce = r.path("controlEvents");
    for (String k : List.of("gap", "reset", "error")) if (ce.path(k).asLong() > 0) n.add("`" + k + "` events ×" + ce.path(k).asLong());
    if (r.hasNonNull("note")) n.add(esc(r.path("note").asText()));
    return n.isEmpty() ? "" : String.join("; ", n);
  }

  static String esc(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
