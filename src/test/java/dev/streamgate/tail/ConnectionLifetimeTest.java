package dev.streamgate.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.launchdarkly.eventsource.EventSource;
import dev.streamgate.stream.pod.StreamStats;
import dev.streamgate.testing.Delivered;
import dev.streamgate.testing.EventSourceReader;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Streams end at their maximum lifetime; a real EventSource client resumes each time, exactly. */
@QuarkusTest
@TestProfile(ShortLifetimeProfile.class)
@WithTestResource(KafkaBrokerResource.class)
class ConnectionLifetimeTest {

  @InjectKafka KafkaTestSupport kafka;

  @TestHTTPResource("/streams/")
  URL streams;

  @Inject StreamStats stats;

  @Test
  void expiredStreamsAreResumedExactlyByTheClient() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("lifetime"), 3);
    List<Delivered> received = new CopyOnWriteArrayList<>();
    List<String> opens = new CopyOnWriteArrayList<>();
    EventSource source =
        new EventSource.Builder(URI.create(streams + topic + "?format=envelope"))
            .retryDelay(50, TimeUnit.MILLISECONDS)
            .build();
    EventSourceReader client =
        EventSourceReader.start(
            source,
            m -> {
              if (m.getEventName().equals("message")) {
                received.add(Delivered.fromEnvelope(m.getData()));
              } else if (m.getEventName().equals("stream-info")) {
                opens.add(m.getData());
              }
            });
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> opens.size() >= 1);
      long expiredBefore = stats.expired();
      List<Delivered> sent = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        long expiries = stats.expired();
        sent.addAll(Delivered.parseAll(kafka.fill(topic, 3, 5, "r" + round)));
        int expected = sent.size();
        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= expected);
        await().atMost(Duration.ofSeconds(20)).until(() -> stats.expired() > expiries);
      }
      Delivered.assertExactlyOnce(sent, List.of(received));
      assertThat(stats.expired() - expiredBefore).isGreaterThanOrEqualTo(4);
      List<String> streamsOpened = List.copyOf(opens);
      assertThat(streamsOpened.size()).isGreaterThanOrEqualTo(4);
      assertThat(streamsOpened.subList(1, streamsOpened.size()))
          .allMatch(o -> o.contains("\"start\":\"resume\""));
    } finally {
      client.close();
    }
  }
}
