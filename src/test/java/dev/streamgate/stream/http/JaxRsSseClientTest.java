package dev.streamgate.stream.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.tail.ShortLifetimeProfile;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.sse.InboundSseEvent;
import jakarta.ws.rs.sse.SseEventSource;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.client.JerseyClientBuilder;
import org.junit.jupiter.api.Test;

/**
 * A stream read by Jersey's {@code SseEventSource}, the JAX-RS client most Java back ends use. It
 * hands its listener every block of the stream, including one that has no data (which a browser
 * ignores): a {@code retry:} block of its own used to reach it as an empty unnamed event on every
 * connect. The reconnect delay rides on {@code stream-info} instead, and the client takes it.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@TestProfile(ShortLifetimeProfile.class)
class JaxRsSseClientTest {

  /** Far below any retry the server sends, so a reconnect this late took the server's delay. */
  private static final long CLIENT_DEFAULT_DELAY_MILLIS = 10;

  @TestHTTPResource("/streams/")
  URL streams;

  @InjectKafka KafkaTestSupport kafka;

  /** One block as Jersey delivered it, with when it arrived. */
  record Received(long nanos, InboundSseEvent event) {
    boolean emptyAndUnnamed() {
      return event.getName() == null
          && event.isEmpty()
          && event.getComment() == null
          && event.getId() == null;
    }
  }

  @Test
  void noEmptyEventOnConnectAndTheClientReconnectsAfterTheSentRetry() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("jaxrs"), 1);
    List<Received> received = new CopyOnWriteArrayList<>();
    Client client = new JerseyClientBuilder().build();
    try (SseEventSource source =
        SseEventSource.target(client.target(streams + topic))
            .reconnectingEvery(CLIENT_DEFAULT_DELAY_MILLIS, TimeUnit.MILLISECONDS)
            .build()) {
      source.register(event -> received.add(new Received(System.nanoTime(), event)));
      source.open();
      // the profile ends each stream after about 2 s: wait for the reconnect's stream-info
      await().atMost(Duration.ofSeconds(30)).until(() -> streamInfos(received).size() >= 2);
    } finally {
      client.close();
    }

    assertThat(received.get(0).event().getName())
        .as("the first thing the client hands over is stream-info")
        .isEqualTo("stream-info");
    assertThat(received).noneMatch(Received::emptyAndUnnamed);

    List<Received> infos = streamInfos(received);
    InboundSseEvent first = infos.get(0).event();
    assertThat(first.isReconnectDelaySet()).isTrue();
    // the default profile's retry: 200 ms plus up to 100 ms of jitter
    assertThat(first.getReconnectDelay()).isBetween(200L, 300L);
    assertThat(first.readData()).contains("\"topics\"");

    // the first connection's last block arrived before the server closed it; the client then
    // waited its reconnect delay before asking again
    Received second = infos.get(1);
    Received lastOfFirst = received.get(received.indexOf(second) - 1);
    long waitedMillis = TimeUnit.NANOSECONDS.toMillis(second.nanos() - lastOfFirst.nanos());
    assertThat(waitedMillis)
        .as(
            "reconnected after the stream's retry, not the client's own %d ms",
            CLIENT_DEFAULT_DELAY_MILLIS)
        .isGreaterThanOrEqualTo(first.getReconnectDelay());
  }

  private static List<Received> streamInfos(List<Received> received) {
    return received.stream().filter(r -> "stream-info".equals(r.event().getName())).toList();
  }
}
