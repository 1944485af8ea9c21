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
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** streamgate.js in a real browser: the URLs it builds and a multi-topic, filtered stream. */
@QuarkusTest
@TestProfile(DashboardProfile.class)
@WithTestResource(KafkaBrokerResource.class)
class StreamgateClientBrowserTest {

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
  void streamsSeveralTopicsOnOneConnectionWithAKeyFilter() {
    String a = kafka.createTopic(KafkaTestSupport.uniqueTopic("multi-a"), 2);
    String b = kafka.createTopic(KafkaTestSupport.uniqueTopic("multi-b"), 1);
    List<Delivered> wanted = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      for (String key : List.of("k1", "k2")) {
        Delivered inA = delivered(kafka.send(a, i % 2, key, "{\"value\":" + i + "}"));
        Delivered inB = delivered(kafka.send(b, 0, key, "{\"value\":" + i + "}"));
        if (key.equals("k1")) {
          wanted.add(inA);
          wanted.add(inB);
        }
      }
    }

    page.open(root + "?topics=" + a + "," + b + "&from=earliest&key=k1");

    page.waitFor(() -> page.number("return dashboard.received.length") >= wanted.size());
    Delivered.assertExactlyOnce(wanted, List.of(page.received()));
    assertThat(page.received()).hasSameSizeAs(wanted);
    assertThat(page.script("return dashboard.stream.url"))
        .isEqualTo("/streams/" + a + "," + b + "?from=earliest&format=envelope&key=k1");
    assertThat(page.value("keys")).isEqualTo("k1");
  }

  @Test
  void putsEveryOptionInTheUrl() {
    page.open(root + "?topics=" + KafkaTestSupport.uniqueTopic("unused"));
    page.waitFor(() -> (Boolean) page.script("return typeof Streamgate === 'object'"));

    Object url =
        page.script(
            "return Streamgate.url({baseUrl: 'https://sg.example/', topics: ['a b', 'c'],"
                + " lastEventId: '1AB', since: new Date(0), from: 'earliest', format: 'raw',"
                + " keys: ['k1', 'k&2'], types: ['price'], accessToken: 't/k'})");

    assertThat(url)
        .isEqualTo(
            "https://sg.example/streams/a%20b,c?lastEventId=1AB&since=1970-01-01T00%3A00%3A00.000Z"
                + "&from=earliest&format=raw&key=k1&key=k%262&type=price&access_token=t%2Fk");
  }

  private static Delivered delivered(RecordMetadata m) {
    return new Delivered(m.topic(), m.partition(), m.offset());
  }
}
