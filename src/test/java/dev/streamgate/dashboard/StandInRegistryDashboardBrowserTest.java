package dev.streamgate.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.decode.ConfluentFrames;
import dev.streamgate.registry.StandInRegistryProfile;
import dev.streamgate.registry.StandInSchemas;
import dev.streamgate.testing.ConfluentApiRegistryServer;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.InjectRegistry;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.StandInRegistryResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in headless Chromium on an Avro topic whose schemas come from the stand-in registry
 * (no real registry runs here): rows show the decoded values and keys, an undecodable record is a
 * decode-error row, the filter and fields boxes offer the decoded fields, and a filter and
 * projection on them work. Saves target/dashboard-decoded.png.
 */
@QuarkusTest
@TestProfile(StandInRegistryProfile.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(StandInRegistryResource.class)
class StandInRegistryDashboardBrowserTest {

  @TestHTTPResource("/")
  URL root;

  @InjectKafka KafkaTestSupport kafka;

  @InjectRegistry ConfluentApiRegistryServer registry;

  @Test
  void showsDecodedValuesAndOffersTheirFieldsToFilterAndProject() throws Exception {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("standin-dashboard"), 1);
    int[] ids = StandInSchemas.registerQuotes(registry, topic);
    for (int seq = 0; seq < 6; seq++) {
      String symbol = seq % 2 == 0 ? "ACME" : "INIT";
      kafka.send(
          new ProducerRecord<>(
              topic,
              0,
              StandInSchemas.framedString(ids[0], symbol),
              StandInSchemas.framedQuote(ids[1], symbol, 98.25 + seq, seq)));
    }
    kafka.send(
        new ProducerRecord<>(topic, 0, null, ConfluentFrames.framed(31_337, new byte[] {1})));

    try (DashboardPage page = new DashboardPage()) {
      page.open(root + "?topics=" + topic + "&from=earliest");
      page.waitFor(() -> page.count("#events tbody tr") >= 7);
      List<String> values =
          strings(
              page.script(
                  "return [...document.querySelectorAll('#events tbody tr:not(.decode-error)')]"
                      + ".map(r => r.cells[6].textContent)"));
      assertThat(values).contains(StandInSchemas.quoteJson("ACME", 102.25, 4));
      List<String> keys =
          strings(
              page.script(
                  "return [...document.querySelectorAll('#events tbody tr:not(.decode-error)')]"
                      + ".map(r => r.cells[4].textContent)"));
      assertThat(keys).containsOnly("ACME", "INIT");
      assertThat(page.count("#events tbody tr.decode-error")).isEqualTo(1);
      assertThat(page.textOf("#events tbody tr.decode-error")).contains("unknown-schema");

      page.waitFor(() -> options("field-paths", page).contains("book.bid"));
      assertThat(options("field-paths", page)).contains("symbol", "book", "book.ask", "seq");
      assertThat(options("filter-paths", page)).contains("key", "value.book.bid", "value.symbol");

      page.type("fields", "symbol,book.bid");
      page.type("filter", "value.book.bid > 100.0");
      page.waitFor(
          () -> {
            List<?> shown =
                (List<?>)
                    page.script(
                        "return [...document.querySelectorAll('#events tbody tr:not(.decode-error)')]"
                            + ".map(r => r.cells[6].textContent)");
            return shown.size() == 4
                && shown.contains("{\"symbol\":\"ACME\",\"book\":{\"bid\":102.25}}");
          });
      assertThat(page.currentUrl()).contains("filter=").contains("fields=");
      // the chart finds the number nested in the projected value
      page.waitFor(() -> page.number("return dashboard.chart.renderedPoints()") >= 4);
      page.saveScreenshot(Path.of("target/dashboard-decoded.png"));
    }
  }

  private static List<String> options(String list, DashboardPage page) {
    return strings(
        page.script(
            "return [...document.querySelectorAll('#" + list + " option')].map(o => o.value)"));
  }

  private static List<String> strings(Object list) {
    return ((List<?>) list).stream().map(String::valueOf).toList();
  }
}
