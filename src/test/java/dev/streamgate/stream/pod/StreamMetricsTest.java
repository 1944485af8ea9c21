package dev.streamgate.stream.pod;

import static dev.streamgate.testing.StreamTestSupport.TIMEOUT;
import static dev.streamgate.testing.StreamTestSupport.awaitEvent;
import static dev.streamgate.testing.StreamTestSupport.awaitRecords;
import static dev.streamgate.testing.StreamTestSupport.resume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.PrometheusScrape;
import dev.streamgate.testing.SseStream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What operators see: {@code /q/metrics} moves as streams open, deliver, resume and close; the
 * stream log has one line per open and close; readiness includes Kafka and liveness does not; the
 * dashboard and the alerts only name metrics the service exports.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class StreamMetricsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TestHTTPResource("/streams/")
  URL streams;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @TestHTTPResource("/q/health/")
  URL health;

  @InjectKafka KafkaTestSupport kafka;
  private final StreamLogCapture log = new StreamLogCapture();

  @BeforeEach
  void captureStreamLog() {
    Logger.getLogger(StreamLog.class.getName()).addHandler(log);
  }

  @AfterEach
  void stopCapture() {
    Logger.getLogger(StreamLog.class.getName()).removeHandler(log);
  }

  @Test
  void metricsFollowStreamsThroughOpenDeliveryResumeAndClose() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("metrics"), 2);
    kafka.fill(topic, 2, 2, "before");
    PrometheusScrape before = scrape();
    String url = streams + topic + "?format=envelope";
    List<SseStream> clients = new ArrayList<>();
    long received = 0;

    // A: from earliest; the topic's reader starts at the end, so A catches up from Kafka.
    String firstId;
    String lastId;
    try (SseStream a = SseStream.open(url + "&from=earliest")) {
      awaitRecords(a, 4);
      awaitEvent(a, "caught-up");
      firstId = a.events("stream-info").get(0).lastEventId();
      await()
          .atMost(TIMEOUT)
          .until(() -> scrape().sum("streamgate_topic_streams_open", "topic", topic) == 1);
      PrometheusScrape open = scrape();
      assertThat(open.value("streamgate_streams_open")).isGreaterThanOrEqualTo(1);
      assertThat(open.value("streamgate_streams_max")).isEqualTo(10_000);
      assertThat(open.value("streamgate_tails_running")).isGreaterThanOrEqualTo(1);
      kafka.fill(topic, 2, 2, "live");
      awaitRecords(a, 8);
      lastId = a.lastEventId();
      received += a.raw().length();
    }
    await()
        .atMost(TIMEOUT)
        .until(() -> scrape().sum("streamgate_topic_streams_open", "topic", topic) == 0);

    try {
      // B resumes inside the window (the reader lingers), C from offset 0 behind it, D with an
      // unreadable id.
      SseStream b = resume(url, lastId);
      clients.add(b);
      SseStream c = resume(url, firstId);
      clients.add(c);
      SseStream d = resume(url, "not-an-id");
      clients.add(d);
      awaitEvent(b, "caught-up");
      awaitRecords(c, 8);
      awaitEvent(d, "reset");
      // E resumes from offset 0 after retention deleted partition 0 up to offset 1.
      kafka.deleteRecordsBefore(topic, 0, 1);
      SseStream e = resume(url, firstId);
      clients.add(e);
      awaitEvent(e, "gap");
      awaitRecords(e, 7);
      awaitEvent(e, "caught-up");
      await()
          .atMost(TIMEOUT)
          .until(() -> scrape().sum("streamgate_topic_streams_open", "topic", topic) == 4);
    } finally {
      for (SseStream client : clients) {
        client.close();
        received += client.raw().length();
      }
    }
    await()
        .atMost(TIMEOUT)
        .until(() -> scrape().sum("streamgate_topic_streams_open", "topic", topic) == 0);
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                delta(before, scrape(), "streamgate_streams_closed_total", "reason", "client-left")
                    >= 5);

    PrometheusScrape after = scrape();
    // 8 to A, 8 to C, 7 to E (one record deleted), none new to B and D.
    assertThat(after.value("streamgate_events_delivered_total", "topic", topic)).isEqualTo(23);
    assertThat(delta(before, after, "streamgate_stream_written_bytes_total"))
        .isGreaterThanOrEqualTo(received);
    for (String outcome : List.of("window", "catch-up", "gap", "reset")) {
      assertThat(after.value("streamgate_stream_resumes_total", "topic", topic, "outcome", outcome))
          .as("resumes with outcome %s", outcome)
          .isEqualTo(1);
    }
    // Window hits: B (inside it) and D (reset, then from=latest); misses: A, C and E.
    assertThat(after.value("streamgate_window_requests_total", "topic", topic, "result", "hit"))
        .isEqualTo(2);
    assertThat(after.value("streamgate_window_requests_total", "topic", topic, "result", "miss"))
        .isEqualTo(3);
    assertThat(delta(before, after, "streamgate_stream_duration_seconds_count"))
        .isGreaterThanOrEqualTo(5);

    // The topic's reader appended the 4 records produced after it started, and reads at the end.
    assertThat(after.value("streamgate_window_records", "topic", topic)).isEqualTo(4);
    assertThat(after.value("streamgate_window_size_bytes", "topic", topic)).isPositive();
    assertThat(after.value("streamgate_window_age_seconds", "topic", topic)).isNotNegative();
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              PrometheusScrape now = scrape();
              assertThat(now.value("streamgate_tail_lag_records", "topic", topic, "partition", "0"))
                  .isZero();
              assertThat(now.value("streamgate_tail_lag_records", "topic", topic, "partition", "1"))
                  .isZero();
              assertThat(now.value("streamgate_catchup_readers")).isZero();
            });
    assertThat(after.has("executor_active_threads", "name", "streamgate.catchup")).isTrue();
    assertThat(after.has("streamgate_streams_closed_total", "reason", "fell-behind")).isTrue();
    assertThat(after.value("streamgate_draining")).isZero();
  }

  @Test
  void eachStreamLogsOneLineAtOpenAndOneAtClose() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("logged"), 1);
    kafka.fill(topic, 1, 3, "x");
    try (SseStream stream = SseStream.open(streams + topic + "?from=earliest")) {
      awaitEvent(stream, "caught-up");
    }
    await()
        .atMost(TIMEOUT)
        .until(() -> log.lines(topic).stream().anyMatch(l -> l.mdc().containsKey("outcome")));
    List<StreamLogCapture.Line> lines = log.lines(topic);
    assertThat(lines).hasSize(2);
    StreamLogCapture.Line open = lines.get(0);
    assertThat(open.message()).startsWith("Stream opened: topics=" + topic);
    assertThat(open.mdc())
        .containsEntry("event", "stream-open")
        .containsEntry("start", topic + "=earliest")
        .containsEntry("format", "raw")
        .containsKey("startId");
    StreamLogCapture.Line close = lines.get(1);
    assertThat(close.message()).contains("outcome=client-left").contains("events=3");
    assertThat(close.mdc())
        .containsEntry("event", "stream-close")
        .containsEntry("outcome", "client-left")
        .containsEntry("events", "3")
        .containsKey("durationMs");
  }

  @Test
  void readinessIncludesKafkaAndLivenessDoesNot() throws Exception {
    JsonNode ready = JSON.readTree(get(health + "ready"));
    JsonNode live = JSON.readTree(get(health + "live"));
    assertThat(ready.get("status").asText()).isEqualTo("UP");
    assertThat(checkNames(ready)).anyMatch(name -> name.toLowerCase().contains("kafka"));
    assertThat(checkNames(live)).noneMatch(name -> name.toLowerCase().contains("kafka"));
  }

  @Test
  void dashboardAndAlertsNameOnlyExportedMetrics() throws Exception {
    // Streams and readers of other tests may have come and gone: open one so that every
    // per-topic meter exists now.
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("names"), 1);
    Set<String> exported;
    try (SseStream stream = SseStream.open(streams + topic)) {
      awaitEvent(stream, "caught-up");
      await()
          .atMost(TIMEOUT)
          .until(() -> scrape().has("streamgate_tail_lag_records", "topic", topic));
      exported = scrape().names();
    }
    Path monitoring = Path.of("k8s/components/monitoring");
    Set<String> named = new TreeSet<>();
    for (Path file :
        List.of(
            monitoring.resolve("dashboards/streamgate.json"),
            monitoring.resolve("prometheusrule.yaml"))) {
      Matcher m =
          Pattern.compile("\\b((?:streamgate|executor|jvm|process|system)_[a-z_]+)\\b")
              .matcher(Files.readString(file, StandardCharsets.UTF_8));
      while (m.find()) {
        named.add(m.group(1));
      }
    }
    assertThat(named).hasSizeGreaterThan(15);
    assertThat(exported).containsAll(named);
  }

  private PrometheusScrape scrape() {
    return PrometheusScrape.of(metrics.toString());
  }

  private static double delta(
      PrometheusScrape before, PrometheusScrape after, String name, String... labels) {
    return after.sum(name, labels) - before.sum(name, labels);
  }

  private static String get(String url) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static List<String> checkNames(JsonNode healthAnswer) {
    List<String> names = new ArrayList<>();
    healthAnswer.get("checks").forEach(check -> names.add(check.get("name").asText()));
    return names;
  }

  /** Keeps the stream log's records, with their MDC, for assertions. */
  static final class StreamLogCapture extends Handler {

    record Line(String message, Map<String, String> mdc) {}

    private final List<Line> lines = new CopyOnWriteArrayList<>();

    @Override
    public void publish(LogRecord record) {
      if (record instanceof ExtLogRecord ext) {
        lines.add(new Line(ext.getFormattedMessage(), Map.copyOf(ext.getMdcCopy())));
      }
    }

    List<Line> lines(String topic) {
      return lines.stream().filter(l -> topic.equals(l.mdc().get("topics"))).toList();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
