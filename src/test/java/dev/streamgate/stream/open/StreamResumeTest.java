package dev.streamgate.stream.open;

import static dev.streamgate.testing.StreamTestSupport.awaitEvent;
import static dev.streamgate.testing.StreamTestSupport.awaitRecords;
import static dev.streamgate.testing.StreamTestSupport.records;
import static dev.streamgate.testing.StreamTestSupport.resume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.launchdarkly.eventsource.EventSource;
import dev.streamgate.testing.Delivered;
import dev.streamgate.testing.EventSourceReader;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.SseParser;
import dev.streamgate.testing.SseStream;
import dev.streamgate.testing.StreamTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The product's promise: a client that comes back with its last id misses nothing, sees nothing
 * twice.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class StreamResumeTest {

  @TestHTTPResource("/streams/")
  URL streams;

  @InjectKafka KafkaTestSupport kafka;

  @ParameterizedTest(name = "{0} partitions")
  @ValueSource(ints = {1, 6})
  void resumingFromAnyEventIdDeliversExactlyTheRest(int partitions) {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("resume"), partitions);
    List<Delivered> sent = Delivered.parseAll(kafka.fill(topic, partitions, 8, "a"));
    String url = streams + topic + "?format=envelope&from=earliest";

    List<SseParser.SseEvent> firstEvents;
    try (SseStream first = SseStream.open(url)) {
      awaitRecords(first, sent.size());
      firstEvents = first.events().stream().filter(e -> !StreamTestSupport.isControl(e)).toList();
    }
    List<Delivered> first =
        firstEvents.stream().map(e -> Delivered.fromEnvelope(e.data())).toList();
    Delivered.assertExactlyOnce(sent, List.of(first));

    for (int k : new int[] {0, 1, sent.size() / 2, sent.size() - 2, sent.size() - 1}) {
      List<Delivered> before = first.subList(0, k + 1);
      try (SseStream after = resume(url, firstEvents.get(k).lastEventId())) {
        List<Delivered> rest = awaitRecords(after, sent.size() - k - 1);
        awaitEvent(after, "caught-up");
        Delivered.assertExactlyOnce(sent, List.of(before, records(after)));
        assertThat(rest).hasSize(sent.size() - k - 1);
      }
    }
  }

  @Test
  void recordsProducedWhileAwayArriveOnceAfterReconnect() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("away"), 3);
    String url = streams + topic + "?format=envelope";
    List<Delivered> sent = new ArrayList<>();
    List<Delivered> seen;
    String lastId;
    try (SseStream live = SseStream.open(url)) {
      awaitEvent(live, "caught-up");
      sent.addAll(Delivered.parseAll(kafka.fill(topic, 3, 4, "live")));
      seen = awaitRecords(live, sent.size());
      lastId = live.lastEventId();
    }
    sent.addAll(Delivered.parseAll(kafka.fill(topic, 3, 5, "away")));
    try (SseStream back = resume(url, lastId)) {
      awaitRecords(back, 15);
      awaitEvent(back, "caught-up");
      sent.addAll(Delivered.parseAll(kafka.fill(topic, 3, 2, "back")));
      awaitRecords(back, 21);
      Delivered.assertExactlyOnce(sent, List.of(seen, records(back)));
    }
  }

  @Test
  void multiTopicStreamResumesEveryTopic() {
    String a = kafka.createTopic(KafkaTestSupport.uniqueTopic("multi-a"), 2);
    String b = kafka.createTopic(KafkaTestSupport.uniqueTopic("multi-b"), 4);
    List<Delivered> sent = new ArrayList<>();
    sent.addAll(Delivered.parseAll(kafka.fill(a, 2, 5, "a")));
    sent.addAll(Delivered.parseAll(kafka.fill(b, 4, 3, "b")));
    String url = streams + a + "," + b + "?format=envelope&from=earliest";
    List<SseParser.SseEvent> events;
    try (SseStream first = SseStream.open(url)) {
      awaitRecords(first, sent.size());
      events = first.events().stream().filter(e -> !StreamTestSupport.isControl(e)).toList();
    }
    int k = 9;
    List<Delivered> before =
        events.subList(0, k + 1).stream().map(e -> Delivered.fromEnvelope(e.data())).toList();
    sent.addAll(Delivered.parseAll(kafka.fill(b, 4, 2, "b2")));
    sent.addAll(Delivered.parseAll(kafka.fill(a, 2, 2, "a2")));
    try (SseStream after = resume(url, events.get(k).lastEventId())) {
      awaitRecords(after, sent.size() - k - 1);
      awaitEvent(after, "caught-up");
      Delivered.assertExactlyOnce(sent, List.of(before, records(after)));
      assertThat(after.events("reset")).isEmpty();
    }
  }

  @Test
  void lastEventIdQueryResumesLikeTheHeaderAndTheHeaderWins() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("query-id"), 2);
    List<Delivered> sent = Delivered.parseAll(kafka.fill(topic, 2, 5, "q"));
    String url = streams + topic + "?format=envelope&from=earliest";
    List<SseParser.SseEvent> events;
    try (SseStream first = SseStream.open(url)) {
      awaitRecords(first, sent.size());
      events = first.events().stream().filter(e -> !StreamTestSupport.isControl(e)).toList();
    }
    String idAt3 = events.get(3).lastEventId();
    String idAt6 = events.get(6).lastEventId();
    try (SseStream byQuery = SseStream.open(url + "&lastEventId=" + idAt3)) {
      assertThat(awaitRecords(byQuery, sent.size() - 4)).hasSize(sent.size() - 4);
    }
    try (SseStream both = resume(url + "&lastEventId=" + idAt3, idAt6)) {
      awaitEvent(both, "caught-up");
      assertThat(records(both)).hasSize(sent.size() - 7);
    }
  }

  @Test
  void realEventSourceClientReconnectsWithLastEventIdAndLosesNothing() throws Exception {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("okhttp"), 4);
    List<Delivered> sent = new ArrayList<>(Delivered.parseAll(kafka.fill(topic, 4, 5, "one")));
    List<Delivered> received = new CopyOnWriteArrayList<>();
    List<String> connections = new CopyOnWriteArrayList<>();
    EventSource source =
        new EventSource.Builder(URI.create(streams + topic + "?format=envelope&from=earliest"))
            .retryDelay(100, TimeUnit.MILLISECONDS)
            .build();
    EventSourceReader client =
        EventSourceReader.start(
            source,
            m -> {
              if (m.getEventName().equals("message")) {
                received.add(Delivered.fromEnvelope(m.getData()));
              } else if (m.getEventName().equals("stream-info")) {
                connections.add(m.getData());
              }
            });
    try {
      await()
          .atMost(StreamTestSupport.TIMEOUT)
          .failFast("the EventSource reader thread threw", client::failed)
          .until(() -> received.size() >= 20);
      for (int round = 0; round < 3; round++) {
        source.interrupt();
        sent.addAll(Delivered.parseAll(kafka.fill(topic, 4, 3, "round" + round)));
        int expected = sent.size();
        await()
            .atMost(StreamTestSupport.TIMEOUT)
            .failFast("the EventSource reader thread threw", client::failed)
            .until(() -> received.size() >= expected);
      }
      await().atMost(StreamTestSupport.TIMEOUT).until(() -> connections.size() >= 4);
      Delivered.assertExactlyOnce(sent, List.of(received));
      assertThat(connections.get(3)).contains("\"start\":\"resume\"");
    } finally {
      client.close();
    }
  }
}
