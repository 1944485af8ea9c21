package dev.streamgate.stream.delivery;

import static dev.streamgate.testing.StreamTestSupport.awaitEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.cursor.CursorDecoding;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.SseParser;
import dev.streamgate.testing.SseStream;
import dev.streamgate.testing.StreamTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** Key and type filters, and the id-only blocks that move a filtered client's position. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class StreamFilterTest {

  @TestHTTPResource("/streams/")
  URL streams;

  @InjectKafka KafkaTestSupport kafka;

  @Test
  void keyFilterDeliversOnlyMatchingRecordsAndHeartbeatsMoveTheId() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("filter-key"), 2);
    for (int i = 0; i < 5; i++) {
      kafka.send(topic, 0, "wanted", "w" + i);
      kafka.send(topic, 1, "other", "o" + i);
    }
    try (SseStream stream = SseStream.open(streams + topic + "?from=earliest&key=wanted")) {
      awaitEvent(stream, "caught-up");
      assertThat(stream.events("message"))
          .extracting(SseParser.SseEvent::data)
          .containsExactly("w0", "w1", "w2", "w3", "w4");
      kafka.send(topic, 1, "other", "o5");
      // no event fires, but an id-only block moves the id past the filtered record
      await()
          .atMost(StreamTestSupport.TIMEOUT)
          .until(() -> nextOffset(stream.lastEventId(), topic, 1) == 6);
      assertThat(stream.events("message")).hasSize(5);
    }
  }

  @Test
  void typeFilterIsRepeatable() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("filter-type"), 1);
    kafka.sendTyped(topic, 0, "price", "p");
    kafka.sendTyped(topic, 0, "trade", "t");
    kafka.sendTyped(topic, 0, "news", "n");
    kafka.send(topic, 0, null, "untyped");
    try (SseStream stream =
        SseStream.open(streams + topic + "?from=earliest&type=price&type=news")) {
      awaitEvent(stream, "caught-up");
      assertThat(stream.events().stream().filter(e -> !StreamTestSupport.isControl(e)))
          .extracting(SseParser.SseEvent::data)
          .containsExactly("p", "n");
    }
  }

  private static long nextOffset(String id, String topic, int partition) {
    CursorDecoding decoding = new CursorCodec(8192).decode(id);
    if (!(decoding instanceof CursorDecoding.Valid valid)) {
      return -1;
    }
    TopicPosition position = valid.cursor().topic(topic).orElseThrow();
    return position.nextOffset(partition);
  }
}
