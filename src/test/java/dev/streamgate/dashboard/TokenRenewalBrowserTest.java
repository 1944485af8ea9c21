package dev.streamgate.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.testing.Delivered;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * streamgate.js with tokens that expire, in headless Chromium: the page's accessToken is a function
 * returning a promise of a 10-second token, and streams open with one-use tickets from POST
 * /tickets. Each stream announces {@code token-expiring} halfway to its token's expiry and ends at
 * the expiry after a final id; the page gets a fresh token and ticket and resumes at the last id.
 * Over a minute of records (10 a second) the token is renewed at least five times, and every record
 * arrives once, in order; no token ever reaches a URL.
 */
@QuarkusTest
@TestProfile(TokenRenewalProfile.class)
@WithTestResource(KafkaBrokerResource.class)
class TokenRenewalBrowserTest {

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

  @Test
  void shortLivedTokensAreRenewedWithEveryRecordOnceInOrder() throws Exception {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("renewal"), 2);
    List<Delivered> sent = new CopyOnWriteArrayList<>();
    AtomicInteger n = new AtomicInteger();
    ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
    producer.scheduleAtFixedRate(
        () ->
            sent.add(
                delivered(
                    kafka.send(topic, n.get() % 2, "k", "{\"n\":" + n.getAndIncrement() + "}"))),
        0,
        100,
        TimeUnit.MILLISECONDS);
    try {
      page.open(root + "?topics=" + topic);
      page.waitFor(() -> (Boolean) page.script("return typeof Streamgate === 'object'"));
      page.script(
          "window.got = []; window.urls = [];"
              + "window.renewal = Streamgate.create({topics: ['"
              + topic
              + "'], from: 'earliest', format: 'envelope', ticketUrl: '/tickets',"
              + " accessToken: () => fetch('/test/token?seconds=10').then((r) => r.text())})"
              + ".on('record', (r) => got.push(r.envelope.topic + '/' + r.envelope.partition"
              + " + '/' + r.envelope.offset))"
              + ".on('state', (s) => { if (s === 'open') urls.push(window.renewal.url); })"
              + ".open();");
      // token-expiring comes halfway through each 10 s token: a minute of records (600) and at
      // least five renewals, each a hand-over to a new connection from the given id
      page.waitFor(
          () -> page.number("return window.renewal.renewals") >= 5 && sent.size() > 600,
          Duration.ofSeconds(120));
    } finally {
      producer.shutdown();
      producer.awaitTermination(10, TimeUnit.SECONDS);
    }
    page.waitFor(() -> page.number("return window.got.length") >= sent.size());

    List<?> texts = (List<?>) page.script("return window.got");
    List<Delivered> received = texts.stream().map(t -> Delivered.parse((String) t)).toList();
    Delivered.assertExactlyOnce(sent, List.of(received));
    assertThat(received).hasSameSizeAs(sent);
    assertThat(sent.size()).isGreaterThan(600);
    List<?> urls = (List<?>) page.script("return window.urls");
    assertThat(urls).hasSizeGreaterThanOrEqualTo(6);
    assertThat(urls)
        .allSatisfy(u -> assertThat((String) u).contains("ticket=").doesNotContain("access_token"));
    assertThat(page.number("return window.renewal.reconnects")).isGreaterThanOrEqualTo(5);
    page.script("window.renewal.close()");
  }

  private static Delivered delivered(RecordMetadata m) {
    return new Delivered(m.topic(), m.partition(), m.offset());
  }
}
