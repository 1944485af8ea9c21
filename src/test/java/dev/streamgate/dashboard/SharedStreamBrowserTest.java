package dev.streamgate.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.testing.Delivered;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.PrometheusScrape;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One connection per browser, in headless Chromium: tabs of one browser profile share their Web
 * Locks and BroadcastChannels, as a user's tabs do. Three dashboard tabs on one topic hold one
 * stream on the server; each receives every record of a known sequence once, in partition order,
 * while the server cuts the shared connection every few seconds (the profile's max lifetime) and
 * after the owning tab is closed, when another tab owns the stream within seconds. With {@code
 * share: false}, or in a browser without Web Locks or BroadcastChannel, each tab keeps its own
 * connection. The served ES module, /streamgate.mjs, shares with the classic script.
 */
@QuarkusTest
@TestProfile(DashboardProfile.class)
@WithTestResource(KafkaBrokerResource.class)
class SharedStreamBrowserTest {

  private static final Duration TAKEOVER = Duration.ofSeconds(5);

  @TestHTTPResource("/")
  URL root;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @InjectKafka KafkaTestSupport kafka;

  DashboardPage page;
  ScheduledExecutorService producer;

  /** The test's topic: the server's stream count is read for it alone. */
  String topic;

  @BeforeEach
  void start() {
    page = new DashboardPage();
    producer = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void stop() throws Exception {
    producer.shutdownNow();
    producer.awaitTermination(10, TimeUnit.SECONDS);
    page.close();
    // the browser's connections end with it, whatever they were doing
    if (topic != null) {
      page.waitFor(() -> openStreams() == 0);
    }
  }

  @Test
  void threeTabsShareOneStreamAndAFollowerTakesOverWithNoGapOrDuplicate() {
    topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("shared"), 2);
    List<Delivered> sent = produceEvery100Ms();
    String dashboard = root + "?topics=" + topic + "&from=earliest";

    page.open(dashboard);
    String first = page.tab();
    page.waitFor(() -> "owner".equals(role()) && page.text("state").equals("open"));
    page.waitFor(() -> sent.size() >= 10);
    String second = page.openTab(dashboard);
    page.waitFor(() -> "follower".equals(role()));
    String third = page.openTab(dashboard);
    page.waitFor(() -> "follower".equals(role()));
    page.waitFor(() -> page.text("sharing").equals("shared: another tab's connection"));

    // one stream on the server for the three tabs, across the server's cuts (every ~4 s)
    page.waitFor(() -> openStreams() == 1);
    await()
        .during(Duration.ofSeconds(6))
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> openStreams() <= 1);
    page.switchTo(first);
    assertThat(page.number("return dashboard.stream.reconnects")).isPositive();

    for (String tab : List.of(second, third)) {
      page.switchTo(tab);
      page.script(WATCH_TAKEOVER);
    }
    page.switchTo(second);
    long closedAt = page.number("return Date.now()");
    page.closeTab(first, second);
    page.waitFor(() -> ownerAmong(second, third) != null, TAKEOVER);
    String owner = ownerAmong(second, third);
    page.switchTo(owner);
    long takeover = page.number("return window.ownerAt") - closedAt;
    boolean goodbye = page.script("return window.goodbyeAt") != null;
    System.out.printf(
        "The owner's tab closed; %s took over %d ms later (goodbye heard: %s)%n",
        owner.equals(second) ? "the second tab" : "the third tab", takeover, goodbye);
    assertThat(goodbye).as("the closing owner said goodbye with its last id").isTrue();

    int before = sent.size();
    page.waitFor(() -> sent.size() >= before + 30);
    producer.shutdown();
    page.waitFor(() -> openStreams() == 1);
    for (String tab : List.of(second, third)) {
      page.switchTo(tab);
      page.waitFor(() -> page.number("return dashboard.received.length") >= sent.size());
      List<Delivered> received = page.received();
      Delivered.assertExactlyOnce(sent, List.of(received));
      assertThat(received).hasSameSizeAs(sent);
      assertThat(page.script("return dashboard.stream.resumes.every(r => r.exact)"))
          .isEqualTo(true);
    }
  }

  @Test
  void withShareFalseEachTabKeepsItsOwnConnection() {
    topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("private"), 1);
    List<Delivered> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(delivered(kafka.send(topic, 0, "k", "{\"n\":" + i + "}")));
    }
    String first = blankTab();
    openInPage("share: false");
    String second = page.openTab(blankPage());
    openInPage("share: false");

    page.waitFor(() -> openStreams() == 2);
    for (String tab : List.of(first, second)) {
      page.switchTo(tab);
      assertThat(page.script("return window.mine.role")).isEqualTo("private");
      page.waitFor(() -> page.number("return window.got.length") >= sent.size());
      Delivered.assertExactlyOnce(sent, List.of(got()));
    }
  }

  @Test
  void aBrowserWithoutWebLocksOrBroadcastChannelGetsPrivateConnections() {
    topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("nolocks"), 1);
    String first = blankTab();
    page.script("Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined });");
    openInPage("");
    page.openTab(blankPage());
    page.script("delete window.BroadcastChannel;");
    openInPage("");

    page.waitFor(() -> openStreams() == 2);
    assertThat(page.script("return window.mine.role")).isEqualTo("private");
    page.switchTo(first);
    assertThat(page.script("return window.mine.role")).isEqualTo("private");
  }

  @Test
  void aPageOnTheServedModuleSharesTheDashboardsStream() {
    topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("module"), 1);
    page.open(root + "?topics=" + topic + "&from=earliest");
    page.waitFor(() -> "owner".equals(role()) && page.text("state").equals("open"));

    page.openTab(blankPage());
    Object exports =
        page.asyncScript(
            "const done = arguments[0];"
                + "import('/streamgate.mjs').then((m) => {"
                + "  window.got = [];"
                + "  window.mine = m.connect({ topics: ['"
                + topic
                + "'], from: 'earliest', recordTypes: ['message', 'price'] })"
                + "    .on('record', (r) => got.push(r.envelope.topic + '/' + r.envelope.partition"
                + "      + '/' + r.envelope.offset));"
                + "  done(Object.keys(m).sort().join());"
                + "});");
    assertThat(exports).isEqualTo("CONTROL_EVENTS,connect,create,url");
    page.waitFor(() -> "follower".equals(page.script("return window.mine.role")));
    Delivered live = delivered(kafka.send(topic, 0, "k", "{\"live\":true}"));

    page.waitFor(() -> page.number("return window.got.length") >= 1);
    assertThat(got()).containsExactly(live);
    // one stream, but not at every instant: the server ends it every ~4 s and it reconnects
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(6))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> openStreams() <= 1);
    page.waitFor(() -> openStreams() == 1);
  }

  /**
   * Notes, in a follower tab, when the closing owner's goodbye arrives on the stream's channel and
   * when this tab's stream owns the connection (its state changes as it opens it).
   */
  private static final String WATCH_TAKEOVER =
      "const stream = dashboard.stream;"
          + "new BroadcastChannel(stream.channel.name).onmessage = (e) => {"
          + "  if (e.data.kind === 'closing') window.goodbyeAt = Date.now(); };"
          + "stream.on('state', () => {"
          + "  if (stream.role === 'owner' && !window.ownerAt) window.ownerAt = Date.now(); });";

  /** A producer thread that sends a record every 100 ms, to partitions in turn; what it sent. */
  private List<Delivered> produceEvery100Ms() {
    List<Delivered> sent = new CopyOnWriteArrayList<>();
    AtomicInteger n = new AtomicInteger();
    producer.scheduleAtFixedRate(
        () -> {
          int i = n.getAndIncrement();
          sent.add(delivered(kafka.send(topic, i % 2, "k" + i % 5, "{\"n\":" + i + "}")));
        },
        0,
        100,
        TimeUnit.MILLISECONDS);
    return sent;
  }

  /**
   * A page with streamgate.js and no stream of its own: the dashboard, asked for a topic that does
   * not exist (refused, closed).
   */
  private String blankPage() {
    return root + "?topics=" + KafkaTestSupport.uniqueTopic("none");
  }

  private String blankTab() {
    page.open(blankPage());
    page.waitFor(() -> page.text("state").equals("closed") && page.count("#notices .notice") > 0);
    return page.tab();
  }

  /** Opens a stream of {@code topic} from its start in the current tab, as window.mine. */
  private void openInPage(String options) {
    page.waitFor(() -> (Boolean) page.script("return typeof Streamgate === 'object'"));
    page.script(
        "window.got = [];"
            + "window.mine = Streamgate.connect({ topics: ['"
            + topic
            + "'], from: 'earliest', "
            + options
            + " })"
            + ".on('record', (r) => got.push(r.envelope.topic + '/' + r.envelope.partition"
            + " + '/' + r.envelope.offset));");
  }

  private List<Delivered> got() {
    List<?> texts = (List<?>) page.script("return window.got");
    return texts.stream().map(t -> Delivered.parse((String) t)).toList();
  }

  private Object role() {
    return page.script("return dashboard.stream && dashboard.stream.role");
  }

  /** The tab among these whose stream owns the shared connection, or null. */
  private String ownerAmong(String... tabs) {
    for (String tab : tabs) {
      page.switchTo(tab);
      if ("owner".equals(role())) {
        return tab;
      }
    }
    return null;
  }

  /** Streams the server has open on the test's topic. */
  private long openStreams() {
    return (long)
        PrometheusScrape.of(metrics.toString())
            .sum("streamgate_topic_streams_open", "topic", topic);
  }

  private static Delivered delivered(RecordMetadata m) {
    return new Delivered(m.topic(), m.partition(), m.offset());
  }
}
