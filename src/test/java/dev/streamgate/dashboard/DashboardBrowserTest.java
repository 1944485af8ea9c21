package dev.streamgate.dashboard;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.cursor.CursorDecoding;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.testing.Delivered;
import dev.streamgate.testing.InjectKafka;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The dashboard in a real browser (headless Chromium) against real Kafka and the demo feed: live
 * rows and chart points, the connection cut by the server's maximum lifetime and resumed exactly by
 * the browser's own EventSource, a gap notice, a refusal, the topic picker on many topics. Saves
 * target/dashboard.png.
 */
@QuarkusTest
@TestProfile(DashboardProfile.class)
@WithTestResource(KafkaBrokerResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

  private static final String DEMO_TOPIC = "demo.prices";

  @TestHTTPResource("/")
  URL root;

  static DashboardPage page;
  @InjectKafka KafkaTestSupport kafka;

  @BeforeAll
  static void start() {
    page = new DashboardPage();
  }

  @AfterAll
  static void stop() {
    if (page != null) {
      page.close();
    }
  }

  /** First, so that its screenshot lists only the demo topic when the class runs alone. */
  @Test
  @Order(1)
  void showsLiveDataThenResumesExactlyAfterTheServerCutsTheStream() throws Exception {
    awaitDemoTopic();
    page.open(root.toString());

    // With no topics named, the page opens the demo topic by itself.
    page.waitFor(() -> page.text("state").equals("open"));
    assertThat(page.currentUrl()).contains("topics=" + DEMO_TOPIC);
    page.waitFor(() -> page.count("#events tbody tr") >= 10);
    long points = page.number("return dashboard.chart.renderedPoints()");
    page.waitFor(() -> page.number("return dashboard.chart.renderedPoints()") > points + 20);
    page.waitFor(() -> page.count("#ticker tbody tr") >= 8);
    page.waitFor(() -> Double.parseDouble(page.text("rate")) > 5);
    assertThat(page.textOf("#events tbody tr")).contains(DEMO_TOPIC).contains("price");

    // The server ends each stream after ~4 s; the browser reconnects after the retry delay (1 s).
    page.waitFor(() -> page.text("state").equals("reconnecting"));
    page.waitFor(() -> page.text("state").equals("open"));
    page.waitFor(() -> page.number("return dashboard.stream.resumes.length") >= 2);
    assertThat(page.script("return dashboard.stream.resumes.every(r => r.exact)")).isEqualTo(true);
    assertThat(page.text("exactness")).isEqualTo("all exact");
    assertThat(Long.parseLong(page.text("reconnects"))).isGreaterThanOrEqualTo(2);
    assertThat(
            page.script(
                "return document.getElementById('last-id').textContent"
                    + " === dashboard.stream.lastEventId"))
        .isEqualTo(true);

    assertNoGapNoDuplicate(page.received());

    // Tall enough to show the table too; the chart redraws to the new size.
    page.resize(1440, 1160);
    page.waitFor(() -> page.number("return dashboard.chart.renderedPoints()") >= 200);
    page.saveScreenshot(Path.of("target/dashboard.png"));
  }

  /**
   * A dashboard load asks for nothing the server does not have, its icon included. In a browser of
   * its own: one that loaded the page before has the icon cached and does not ask again.
   */
  @Test
  void theDashboardLoadsWithoutA404AndShowsItsIcon() throws Exception {
    List<DashboardPage.Response> responses = new ArrayList<>();
    try (DashboardPage fresh = new DashboardPage(true)) {
      fresh.open(root + "?topics=" + DEMO_TOPIC);
      fresh.waitFor(() -> fresh.text("state").equals("open"));
      fresh.waitFor(
          () -> {
            responses.addAll(fresh.responses());
            return responses.stream().anyMatch(r -> r.url().contains("/favicon."));
          });
    }
    assertThat(responses).as("every response of the load").noneMatch(r -> r.status() == 404);
    assertThat(responses)
        .filteredOn(r -> r.url().contains("/favicon."))
        .allMatch(r -> r.status() == 200);

    // browsers and tools that ask for /favicon.ico without reading the page get an icon too
    given().get("/favicon.ico").then().statusCode(200).contentType(containsString("icon"));
    given().get("/favicon.svg").then().statusCode(200).contentType(containsString("image/svg+xml"));
  }

  @Test
  void theLatestPanelIsFullFromTheSnapshotAndDropsDeletedKeys() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("dash-snap"), 2);
    for (int version = 1; version <= 3; version++) {
      for (int i = 0; i < 12; i++) {
        kafka.send(
            topic,
            i % 2,
            "S" + i,
            "{\"symbol\":\"S" + i + "\",\"price\":" + (100 + i + version) + "}");
      }
    }
    page.open(root + "?topics=" + topic + "&from=snapshot");
    page.waitFor(() -> page.count("#ticker tbody tr") == 12);
    // one record per key, the latest: the panel is full at once, with no live record yet
    assertThat(page.number("return dashboard.count")).isEqualTo(12);
    // the ticker is redrawn every 500 ms: read it in one script, not through a stale element
    String ticker = "return document.querySelector('#ticker tbody').textContent";
    assertThat((String) page.script(ticker)).contains("S0").contains("103.00").contains("114.00");
    assertThat(page.value("start")).isEqualTo("snapshot");
    kafka.send(topic, 1, "S5", null);
    page.waitFor(() -> page.count("#ticker tbody tr") == 11);
    assertThat((String) page.script(ticker)).doesNotContain("S5").contains("S4");
  }

  @Test
  void showsAGapNoticeWhenRetentionDeletedWhatTheIdPointsAt() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("dash-gap"), 2);
    kafka.fill(topic, 2, 10, "g");
    String idAfterFour;
    try (SseStream stream =
        SseStream.open(root + "streams/" + topic + "?format=envelope&from=earliest")) {
      await().atMost(DashboardPage.TIMEOUT).until(() -> stream.events("message").size() >= 20);
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

    String id = URLEncoder.encode(idAfterFour, StandardCharsets.UTF_8);
    page.open(root + "?topics=" + topic + "&lastEventId=" + id);

    page.waitFor(() -> page.count("#notices .notice.gap") > 0);
    assertThat(page.textOf("#notices .notice.gap"))
        .contains("Gap: " + lost + " records deleted by retention")
        .contains(topic + "/0")
        .contains(topic + "/1");
    page.waitFor(() -> page.number("return dashboard.received.length") >= 6);
    List<Delivered> retained = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      for (long offset = 7; offset < 10; offset++) {
        retained.add(new Delivered(topic, p, offset));
      }
    }
    Delivered.assertExactlyOnce(retained, List.of(page.received()));
  }

  @Test
  void aFilterTypedInTheDashboardLetsOnlyMatchingProjectedRowsThrough() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("dash-filter"), 2);
    List<Delivered> matching = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String symbol = i % 3 == 0 ? "GLOBEX" : "ACME";
      double price = 395 + i;
      var sent = kafka.send(topic, i % 2, symbol, quote(symbol, price));
      if (symbol.equals("ACME") && price > 400) {
        matching.add(new Delivered(topic, sent.partition(), sent.offset()));
      }
    }
    page.open(root + "?topics=" + topic + "&from=earliest");
    page.waitFor(() -> page.number("return dashboard.received.length") >= 12);

    page.type("fields", "symbol, price");
    page.type("filter", "value.symbol == \"ACME\" && value.price > 400.0");
    page.waitFor(() -> page.text("state").equals("open"));
    page.waitFor(() -> page.number("return dashboard.received.length") >= matching.size());
    assertThat(page.currentUrl()).contains("filter=").contains("fields=");
    // a live record of each kind: only the matching one arrives
    var live = kafka.send(topic, 0, "ACME", quote("ACME", 450.5));
    kafka.send(topic, 1, "ACME", quote("ACME", 100));
    kafka.send(topic, 1, "GLOBEX", quote("GLOBEX", 999));
    matching.add(new Delivered(topic, live.partition(), live.offset()));
    page.waitFor(() -> page.number("return dashboard.received.length") >= matching.size());
    Delivered.assertExactlyOnce(matching, List.of(page.received()));
    assertThat(
            page.script(
                "return [...document.querySelectorAll('#events tbody tr')]"
                    + ".every(r => r.textContent.includes('ACME') && !r.textContent.includes('venue'))"))
        .isEqualTo(true);

    // a filter the server cannot compile: its message, and the page stays closed
    page.type("filter", "value.symbol ==");
    page.waitFor(() -> page.count("#notices .notice.problem") > 0);
    assertThat(page.textOf("#notices .notice.problem"))
        .contains("400 Invalid filter")
        .contains("mismatched input");
    page.waitFor(() -> page.text("state").equals("closed"));
  }

  private static String quote(String symbol, double price) {
    return "{\"symbol\":\"" + symbol + "\",\"venue\":\"XNYS\",\"price\":" + price + "}";
  }

  @Test
  void aBusyTopicIsConflatedFromTheLastIdAndAChosenRateIsKeptInTheAddress() throws Exception {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("dash-busy"), 2);
    page.open(root + "?topics=" + topic + "&from=latest");
    page.waitFor(() -> page.text("state").equals("open"));
    assertThat(page.value("conflate")).isEqualTo("auto");
    AtomicLong sent = new AtomicLong();
    ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
    try {
      // 100 records a second over 10 keys: busy (more than 50 a second reach the page)
      producer.scheduleAtFixedRate(
          () -> {
            long n = sent.getAndIncrement();
            kafka.send(topic, (int) (n % 2), "S" + (n % 10), "{\"price\":" + (100 + n % 7) + "}");
          },
          0,
          10,
          TimeUnit.MILLISECONDS);
      page.waitFor(
          () ->
              String.valueOf(page.script("return dashboard.stream.url")).contains("conflate=250ms"),
          Duration.ofSeconds(60));
      assertThat(page.text("conflating")).contains("250ms");
      assertThat(page.textOf("#log")).contains("Busy");
      // each reading is one script, so that no event lands between its counts
      String counts = "return [dashboard.batches, dashboard.count, dashboard.stream.reconnects]";
      List<?> before = (List<?>) page.script(counts);
      long batchesBefore = ((Number) before.get(0)).longValue();
      // 2 s of 250 ms windows; each of the 10 keys changes about 2.5 times a window
      page.waitFor(
          () -> page.number("return dashboard.batches") >= batchesBefore + 8,
          Duration.ofSeconds(30));
      List<?> after = (List<?>) page.script(counts);
      long batches = ((Number) after.get(0)).longValue() - batchesBefore;
      long records = ((Number) after.get(1)).longValue() - ((Number) before.get(1)).longValue();
      long resumes = ((Number) after.get(2)).longValue() - ((Number) before.get(2)).longValue();
      // conflated: at most one event per key per batch, per catch-up (each reconnect of the test
      // profile's 4 s lifetime) and in the batch still arriving at the second reading; every
      // record would be about 25 a batch
      assertThat(records).isLessThanOrEqualTo(10 * (batches + resumes + 1));
      assertThat(page.count("#ticker tbody tr")).isEqualTo(10);
    } finally {
      producer.shutdownNow();
    }
    page.open(root + "?topics=" + topic + "&from=latest&conflate=1s");
    page.waitFor(() -> page.text("state").equals("open"));
    assertThat(page.value("conflate")).isEqualTo("1s");
    assertThat(String.valueOf(page.script("return dashboard.stream.url"))).contains("conflate=1s");
    assertThat(page.currentUrl()).contains("conflate=1s");
  }

  @Test
  void showsARefusalAndStaysClosed() {
    String missing = KafkaTestSupport.uniqueTopic("no-such-topic");
    page.open(root + "?topics=" + missing);

    page.waitFor(() -> page.count("#notices .notice.problem") > 0);
    page.waitFor(() -> page.text("state").equals("closed"));
    assertThat(page.textOf("#notices .notice.problem"))
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
    // A new topic reaches every broker's metadata, and so the listing, a moment after creation.
    await()
        .atMost(DashboardPage.TIMEOUT)
        .until(() -> given().get("/topics").path("name").toString().contains(topics.get(11)));
    page.open(root + "?topics=" + topics.get(0));

    page.waitFor(() -> page.count("#topic-list .more-topics") > 0);
    assertThat(page.count("#topic-list .chip")).isEqualTo(8);
    assertThat(page.checkedTopics()).containsExactly(topics.get(0));
    String last = topics.get(11);
    page.script(
        "const input = document.querySelector('#topic-list .more-topics');"
            + "input.value = '"
            + last
            + "'; input.dispatchEvent(new Event('change'));");
    page.waitFor(() -> page.checkedTopics().contains(last));
    assertThat(page.checkedTopics()).containsExactly(topics.get(0), last);
  }

  private void awaitDemoTopic() {
    await()
        .atMost(DashboardPage.TIMEOUT)
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
}
