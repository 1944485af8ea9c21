package dev.streamgate.stream.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.testing.EventSourceClient;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.PrometheusScrape;
import dev.streamgate.testing.StreamTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Keyed streams woken by their keys: real SSE clients (okhttp-eventsource) with one {@code key}
 * each on a topic of 16 keys, and one client without a filter. Each keyed client gets exactly its
 * key's records, in order, also across a reconnect; and the reader's meter shows the keyed streams
 * woken about once per record of their key, not once per record of the topic as the unkeyed one.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class KeyedStreamsWakeUpTest {

  private static final Logger LOG = Logger.getLogger(KeyedStreamsWakeUpTest.class);
  private static final int KEYS = 16;
  private static final int RECORDS = 320;
  private static final String WAKEUPS = "streamgate_tail_wakeups_total";

  @TestHTTPResource("/streams/")
  URL streams;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @InjectKafka KafkaTestSupport kafka;

  @Test
  void keyedClientsGetExactlyTheirKeysAndAreWokenOnlyForThem() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("keyed-wake"), 1);
    Map<String, List<EventSourceClient>> keyed = new LinkedHashMap<>();
    List<EventSourceClient> all = new ArrayList<>();
    try {
      for (int k = 0; k < 4; k++) {
        List<EventSourceClient> clients = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
          clients.add(EventSourceClient.open(streams + topic + "?key=k" + k));
        }
        keyed.put("k" + k, clients);
        all.addAll(clients);
      }
      EventSourceClient unkeyed = EventSourceClient.open(streams + topic);
      all.add(unkeyed);
      await("every client caught up")
          .atMost(StreamTestSupport.TIMEOUT)
          .until(() -> all.stream().allMatch(c -> !c.data("caught-up").isEmpty()));
      double keyedBefore = wakeUps(topic, "keyed");
      double unkeyedBefore = wakeUps(topic, "unkeyed");

      send(topic, 0, RECORDS / 2);
      EventSourceClient dropped = keyed.get("k1").get(0);
      await("the first half")
          .atMost(StreamTestSupport.TIMEOUT)
          .until(() -> dropped.data("message").size() == RECORDS / 2 / KEYS);
      dropped.interrupt(); // it reconnects with its last id
      send(topic, RECORDS / 2, RECORDS);

      await("every record")
          .atMost(StreamTestSupport.TIMEOUT)
          .until(() -> unkeyed.data("message").size() == RECORDS);
      for (Map.Entry<String, List<EventSourceClient>> key : keyed.entrySet()) {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
          if (("k" + i % KEYS).equals(key.getKey())) {
            expected.add("v" + i);
          }
        }
        for (EventSourceClient client : key.getValue()) {
          await("the records of " + key.getKey())
              .atMost(StreamTestSupport.TIMEOUT)
              .until(() -> client.data("message").size() >= expected.size());
          assertThat(client.data("message"))
              .as("exactly the records of %s, in order, once", key.getKey())
              .containsExactlyElementsOf(expected);
        }
      }
      assertThat(dropped.data("stream-info")).as("it reconnected").hasSizeGreaterThan(1);

      double keyedWakeUps = wakeUps(topic, "keyed") - keyedBefore;
      double unkeyedWakeUps = wakeUps(topic, "unkeyed") - unkeyedBefore;
      LOG.infof(
          "%d records: the unkeyed stream was woken %.0f times, the 8 keyed streams %.0f times",
          RECORDS, unkeyedWakeUps, keyedWakeUps);
      assertThat(unkeyedWakeUps).as("the unkeyed stream's wake-ups").isPositive();
      assertThat(keyedWakeUps / 8)
          .as("a keyed stream's wake-ups (each takes one record in %d)", KEYS)
          .isLessThan(unkeyedWakeUps / 2);
      assertThat(keyedWakeUps).as("far fewer than records × keyed streams").isLessThan(RECORDS * 2);
    } finally {
      all.forEach(EventSourceClient::close);
    }
  }

  /** Sends records {@code from} to {@code to}, one at a time, keyed {@code k<i mod 16>}. */
  private void send(String topic, int from, int to) {
    for (int i = from; i < to; i++) {
      kafka.send(topic, 0, "k" + i % KEYS, "v" + i);
    }
  }

  private double wakeUps(String topic, String listener) {
    return PrometheusScrape.of(metrics.toString())
        .value(WAKEUPS, "topic", topic, "listener", listener);
  }
}
