package dev.streamgate.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.launchdarkly.eventsource.EventSource;
import dev.streamgate.testing.Delivered;
import dev.streamgate.testing.EventSourceReader;
import dev.streamgate.testing.cluster.LocalCluster;
import dev.streamgate.testing.cluster.StreamgateNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Scenario 8: real clients. A headless Chromium page subscribes with its own {@code EventSource}
 * through nginx, and so does {@code okhttp-eventsource}; the instances serving them are killed and
 * both reconnect by themselves with {@code Last-Event-ID}.
 */
class RealClientsIT {

  private static final String PAGE =
      """
      <!doctype html>
      <html><head><meta charset="utf-8"><title>streamgate failure suite</title></head>
      <body>
      <script>
        window.received = [];
        window.opens = 0;
        window.errors = 0;
        window.controls = [];
        const topic = new URLSearchParams(location.search).get('topic');
        const source = new EventSource('/streams/' + topic + '?format=envelope&from=earliest');
        source.onopen = () => { window.opens++; };
        source.onerror = () => { window.errors++; };
        source.onmessage = (e) => {
          const r = JSON.parse(e.data);
          window.received.push(r.topic + '/' + r.partition + '/' + r.offset);
        };
        ['stream-info', 'caught-up', 'gap', 'reset'].forEach(
          (name) => source.addEventListener(name, () => window.controls.push(name)));
      </script>
      </body></html>
      """;

  @Test
  void browserEventSourceAndOkhttpEventSourceResumeExactlyAfterTheirInstanceIsKilled()
      throws IOException {
    LocalCluster cluster = Suite.cluster();
    String topic = Suite.createTopic(cluster, "browser", 3);
    Files.writeString(cluster.proxy().pages().resolve("sse.html"), PAGE);
    Path profile = Files.createDirectories(cluster.dir().resolve("chromium-" + System.nanoTime()));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(executable("/usr/bin/chromedriver")))
            .usingAnyFreePort()
            .withLogFile(cluster.dir().resolve("chromedriver.log").toFile())
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(executable("/usr/bin/chromium"));
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--user-data-dir=" + profile);
    ChromeDriver browser = null;
    EventSourceReader okhttp = null;
    try (LoadProducer producer = new LoadProducer(cluster.bootstrapServers(), topic, 3)) {
      browser = new ChromeDriver(service, options);
      browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
      browser.get(cluster.proxy().url() + "/it/sse.html?topic=" + topic);
      JavascriptExecutor page = browser;
      List<Delivered> okReceived = new CopyOnWriteArrayList<>();
      AtomicInteger okOpens = new AtomicInteger();
      okhttp =
          EventSourceReader.start(
              new EventSource.Builder(URI.create(Suite.streamUrl(cluster, topic)))
                  .retryDelay(300, TimeUnit.MILLISECONDS)
                  .build(),
              m -> {
                if (m.getEventName().equals("message")) {
                  okReceived.add(Delivered.fromEnvelope(m.getData()));
                } else if (m.getEventName().equals("stream-info")) {
                  okOpens.incrementAndGet();
                }
              });
      producer.start(3, Duration.ofMillis(200));
      await("both real clients receive records")
          .atMost(Duration.ofSeconds(60))
          .until(() -> received(page).size() >= 20 && okReceived.size() >= 20);
      List<StreamgateNode> serving =
          cluster.instances().stream().filter(i -> i.openStreams() > 0).toList();
      assertThat(serving).as("instances serving the two clients").hasSizeBetween(1, 2);
      long killedAt = System.nanoTime();
      serving.forEach(StreamgateNode::kill);
      await("the page's own EventSource reconnected")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> number(page, "window.opens") >= 2 && okOpens.get() >= 2);
      long reconnectMillis = Suite.millisSince(killedAt);
      int mark = producer.ackedCount() + 30;
      await().atMost(Duration.ofSeconds(60)).until(() -> producer.ackedCount() >= mark);
      producer.stop();
      Map<Integer, List<Long>> log = TopicLog.read(cluster.bootstrapServers(), topic);
      await("both clients have the whole topic")
          .atMost(Suite.CONVERGE)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  ExactlyOnce.complete(received(page), log, Map.of())
                      && ExactlyOnce.complete(okReceived, log, Map.of()));
      ExactlyOnce.Verdict browserVerdict = ExactlyOnce.verdict(received(page), log);
      ExactlyOnce.Verdict okVerdict = ExactlyOnce.verdict(List.copyOf(okReceived), log);
      assertThat(browserVerdict.exact()).as("browser " + browserVerdict).isTrue();
      assertThat(okVerdict.exact()).as("okhttp-eventsource " + okVerdict).isTrue();
      long errors = number(page, "window.errors");
      Suite.record(
          "8 real clients (Chromium, okhttp-eventsource)",
          String.format(
              "%d instance(s) serving them killed with -9; Chromium's EventSource: %d opens, %d error events, %d records, lost %d, duplicated %d; okhttp-eventsource: %d opens, %d records, lost %d, duplicated %d; both streaming again %d ms after the kill",
              serving.size(),
              number(page, "window.opens"),
              errors,
              browserVerdict.received(),
              browserVerdict.lost(),
              browserVerdict.duplicated(),
              okOpens.get(),
              okVerdict.received(),
              okVerdict.lost(),
              okVerdict.duplicated(),
              reconnectMillis));
    } finally {
      if (okhttp != null) {
        okhttp.close();
      }
      if (browser != null) {
        browser.quit();
      }
      service.stop();
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Delivered> received(JavascriptExecutor page) {
    List<String> ids = (List<String>) page.executeScript("return window.received.slice();");
    return Delivered.parseAll(ids);
  }

  private static long number(JavascriptExecutor page, String expression) {
    return ((Number) page.executeScript("return " + expression + ";")).longValue();
  }

  private static String executable(String path) {
    if (!Files.isExecutable(Path.of(path))) {
      throw new IllegalStateException(path + " is missing: install chromium and chromium-driver");
    }
    return path;
  }
}
