package dev.streamgate.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.cursor.CursorDecoding;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.testing.Delivered;
import dev.streamgate.testing.HeadlessChromium;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.SseStream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The dashboard in a real browser (headless Chromium) against real Kafka and the demo feed: live
 * rows and chart points, the connection cut by the server's maximum lifetime and resumed exactly by
 * the browser's own EventSource, a gap notice, and a refusal. Saves target/dashboard.png.
 */
@QuarkusTest
@TestProfile(DashboardProfile.class)
@WithTestResource(KafkaBrokerResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(45);
  private static final String DEMO_TOPIC = "demo.prices";

  @TestHTTPResource("/")
  URL root;

  static ChromeDriver browser;
  static KafkaTestSupport kafka;

  @BeforeAll
  static void start() {
    browser = HeadlessChromium.start();
    kafka = KafkaTestSupport.embedded();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  /** First, so that its screenshot lists only the demo topic when the class runs alone. */
  @Test
  @Order(1)
  void showsLiveDataThenResumesExactlyAfterTheServerCutsTheStream() throws Exception {
    awaitDemoTopic();
    browser.get(root.toString());

    // With no topics named, the page opens the demo topic by itself.
    waitFor(() -> text("state").equals("open"));
    assertThat(browser.getCurrentUrl()).contains("topics=" + DEMO_TOPIC);
    waitFor(() -> number("return document.querySelectorAll('#events tbody tr').length") >= 10);
    long points = number("return dashboard.chart.renderedPoints()");
    waitFor(() -> number("return dashboard.chart.renderedPoints()") > points + 20);
    waitFor(() -> browser.findElements(By.cssSelector("#ticker tbody tr")).size() >= 8);
    waitFor(() -> Double.parseDouble(text("rate")) > 5);
    assertThat(browser.findElement(By.cssSelector("#events tbody tr")).getText())
        .contains(DEMO_TOPIC)
        .contains("price");

    // The server ends each stream after ~4 s; the browser reconnects after the retry delay (1 s).
    waitFor(() -> text("state").equals("reconnecting"));
    waitFor(() -> text("state").equals("open"));
    waitFor(() -> number("return dashboard.stream.resumes.length") >= 2);
    assertThat(script("return dashboard.stream.resumes.every(r => r.exact)")).isEqualTo(true);
    assertThat(text("exactness")).isEqualTo("all exact");
    assertThat(Long.parseLong(text("reconnects"))).isGreaterThanOrEqualTo(2);
    assertThat(
            script(
                "return document.getElementById('last-id').textContent"
                    + " === dashboard.stream.lastEventId"))
        .isEqualTo(true);

    assertNoGapNoDuplicate(received());

    // Tall enough to show the table too; the chart redraws to the new size.
    browser.manage().window().setSize(new Dimension(1440, 1160));
    waitFor(() -> number("return dashboard.chart.renderedPoints()") >= 200);
    saveScreenshot(Path.of("target/dashboard.png"));
  }

  @Test
  void showsAGapNoticeWhenRetentionDeletedWhatTheIdPointsAt() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("dash-gap"), 2);
    kafka.fill(topic, 2, 10, "g");
    String idAfterFour;
    try (SseStream stream = SseStream.open(streamsUrl(topic) + "?format=envelope&from=earliest")) {
      await().atMost(TIMEOUT).until(() -> stream.events("message").size() >= 20);
      idAfterFour = stream.events("message").get(3).lastEventId();
    }
    TopicPosition seen =
        ((CursorDecoding.Valid) new CursorCodec(8192).decode(idAfterFour))
            .cursor()
            .topic(topic)
            .orElseThrow();
    long lost = (7 - seen.nextOffset(0)) + (7 - seen.nextOffset(1));
    kafka.deleteRecordsBefore(topic, 0, 7);
    kafka.deleteRecordsBefore(topic, 1, 7);

    browser.get(
        root
            + "?topics="
            + topic
            + "&lastEventId="
            + URLEncoder.encode(idAfterFour, StandardCharsets.UTF_8));

    waitFor(() -> !browser.findElements(By.cssSelector("#notices .notice.gap")).isEmpty());
    assertThat(browser.findElement(By.cssSelector("#notices .notice.gap")).getText())
        .contains("Gap: " + lost + " records deleted by retention")
        .contains(topic + "/0")
        .contains(topic + "/1");
    waitFor(() -> number("return dashboard.received.length") >= 6);
    List<Delivered> retained = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      for (long offset = 7; offset < 10; offset++) {
        retained.add(new Delivered(topic, p, offset));
      }
    }
    Delivered.assertExactlyOnce(retained, List.of(received()));
  }

  @Test
  void showsARefusalAndStaysClosed() {
    String missing = KafkaTestSupport.uniqueTopic("no-such-topic");
    browser.get(root + "?topics=" + missing);

    waitFor(() -> !browser.findElements(By.cssSelector("#notices .notice.problem")).isEmpty());
    waitFor(() -> text("state").equals("closed"));
    assertThat(browser.findElement(By.cssSelector("#notices .notice.problem")).getText())
        .contains("404 Unknown topic")
        .contains(missing);
  }

  @Test
  void manyTopicsStayOneLineAndMoreAreAddedByName() {
    String prefix = KafkaTestSupport.uniqueTopic("many");
    List<String> topics = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      topics.add(kafka.createTopic(prefix + "-" + (char) ('a' + i), 1));
    }
    browser.get(root + "?topics=" + topics.get(0));

    waitFor(() -> !browser.findElements(By.cssSelector("#topic-list .more-topics")).isEmpty());
    assertThat(browser.findElements(By.cssSelector("#topic-list .chip"))).hasSize(8);
    assertThat(checkedTopics()).containsExactly(topics.get(0));
    String last = topics.get(11);
    script(
        "const input = document.querySelector('#topic-list .more-topics');"
            + "input.value = '"
            + last
            + "'; input.dispatchEvent(new Event('change'));");
    waitFor(() -> checkedTopics().contains(last));
    assertThat(checkedTopics()).containsExactly(topics.get(0), last);
  }

  @SuppressWarnings("unchecked")
  private static List<String> checkedTopics() {
    return (List<String>)
        script(
            "return [...document.querySelectorAll('#topic-list input:checked')]"
                + ".map(i => i.value)");
  }

  private String streamsUrl(String topic) {
    return root + "streams/" + topic;
  }

  private static void awaitDemoTopic() {
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(
            () ->
                kafka
                    .admin()
                    .describeTopics(List.of(DEMO_TOPIC))
                    .allTopicNames()
                    .get()
                    .containsKey(DEMO_TOPIC));
  }

  /** Every partition's offsets, in the order the page received them, are consecutive. */
  private static void assertNoGapNoDuplicate(List<Delivered> received) {
    Map<Integer, List<Long>> byPartition = new TreeMap<>();
    received.forEach(
        d -> byPartition.computeIfAbsent(d.partition(), p -> new ArrayList<>()).add(d.offset()));
    assertThat(byPartition).isNotEmpty();
    List<Delivered> expected = new ArrayList<>();
    byPartition.forEach(
        (partition, offsets) -> {
          long first = offsets.get(0);
          long last = offsets.get(offsets.size() - 1);
          for (long offset = first; offset <= last; offset++) {
            expected.add(new Delivered(DEMO_TOPIC, partition, offset));
          }
        });
    Delivered.assertExactlyOnce(expected, List.of(received));
  }

  @SuppressWarnings("unchecked")
  private static List<Delivered> received() {
    List<Object> texts = (List<Object>) script("return dashboard.received");
    return texts.stream().map(t -> Delivered.parse((String) t)).toList();
  }

  /** Polls the page every 50 ms, from the test thread (one WebDriver command at a time). */
  private static void waitFor(Callable<Boolean> condition) {
    await()
        .atMost(TIMEOUT)
        .pollInSameThread()
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(50))
        .until(condition);
  }

  private static String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private static Object script(String js) {
    return ((JavascriptExecutor) browser).executeScript(js);
  }

  private static long number(String js) {
    return ((Number) script(js)).longValue();
  }

  private static void saveScreenshot(Path target) throws Exception {
    Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
    Files.createDirectories(target.getParent());
    Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
  }
}
