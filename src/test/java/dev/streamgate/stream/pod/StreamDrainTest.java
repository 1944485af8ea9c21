package dev.streamgate.stream.pod;

import static dev.streamgate.testing.StreamTestSupport.awaitEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.PrometheusScrape;
import dev.streamgate.testing.SseStream;
import dev.streamgate.testing.StreamTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** A draining pod closes its streams in waves, each with a jittered reconnect delay. */
@QuarkusTest
@TestProfile(DrainProfile.class)
@WithTestResource(KafkaBrokerResource.class)
class StreamDrainTest {

  @InjectKafka KafkaTestSupport kafka;

  @TestHTTPResource("/streams/")
  URL streams;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @Inject StreamDrain drain;

  @Test
  void streamsAreClosedInWavesWithARetryAndNewStreamsAreTurnedAway() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("drain"), 1);
    List<SseStream> clients = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      clients.add(SseStream.open(streams + topic));
    }
    clients.forEach(c -> awaitEvent(c, "caught-up"));
    Map<SseStream, Long> endedAt = new ConcurrentHashMap<>();
    long start = System.nanoTime();
    drain.start();
    await()
        .atMost(StreamTestSupport.TIMEOUT)
        .until(
            () -> {
              clients.stream()
                  .filter(c -> c.ended() && !endedAt.containsKey(c))
                  .forEach(c -> endedAt.put(c, (System.nanoTime() - start) / 100_000_000));
              return endedAt.size() == clients.size();
            });
    // every client was told when to come back, after its last id
    clients.forEach(c -> assertThat(c.raw()).endsWith("\n\n").contains("retry: "));
    assertThat(clients).allMatch(c -> c.retry() != null && c.retry() >= 500);
    // several waves (tenths of a second since the drain began), not one burst
    Map<Long, Integer> waves = new TreeMap<>();
    endedAt.values().forEach(t -> waves.merge(t, 1, Integer::sum));
    assertThat(waves.size()).isGreaterThanOrEqualTo(3);
    // none at the instant readiness went DOWN: the first wave is one wave (2 s / 5) later
    assertThat(endedAt.values()).allMatch(tenths -> tenths >= 4);
    // operators see it: the drain gauge is up and the closes are counted as drains
    PrometheusScrape scrape = PrometheusScrape.of(metrics.toString());
    assertThat(scrape.value("streamgate_draining")).isEqualTo(1);
    assertThat(scrape.value("streamgate_streams_closed_total", "reason", "drain"))
        .isGreaterThanOrEqualTo(clients.size());
    try (SseStream late = SseStream.open(streams + topic)) {
      assertThat(late.status()).isEqualTo(200);
      await().atMost(StreamTestSupport.TIMEOUT).until(late::ended);
      assertThat(late.events("stream-info")).hasSize(1);
    }
  }
}
