package dev.streamgate.stream.open;

import static dev.streamgate.testing.StreamTestSupport.awaitEvent;
import static dev.streamgate.testing.StreamTestSupport.awaitRecords;
import static dev.streamgate.testing.StreamTestSupport.records;
import static dev.streamgate.testing.StreamTestSupport.resume;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.cursor.Cursor;
import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.cursor.CursorDecoding;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.kafka.TopicCatalog;
import dev.streamgate.testing.Delivered;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.SseParser;
import dev.streamgate.testing.SseStream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Streams that open on a topic whose reader runs start from the reader's own state: no offset
 * look-up, one metadata request shared with whoever opens at the same time, and the same exact
 * resume as a start planned from Kafka's offsets.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class TailStartTest {

  private static final CursorCodec CODEC = new CursorCodec(8192);

  @TestHTTPResource("/streams/")
  URL streams;

  @Inject TopicCatalog catalog;

  @InjectKafka KafkaTestSupport kafka;

  @Test
  void reconnectsInsideTheWindowMakeNoOffsetLookupAndResumeExactly() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("tail-start"), 3);
    String url = streams + topic + "?format=envelope";
    try (SseStream live = SseStream.open(url)) {
      awaitEvent(live, "caught-up");
      List<Delivered> sent = new ArrayList<>(Delivered.parseAll(kafka.fill(topic, 3, 10, "a")));
      awaitRecords(live, sent.size());
      List<SseParser.SseEvent> events = live.events("message");
      List<Delivered> seen = records(live);

      long offsets = catalog.offsetLookups();
      long describes = catalog.describeLookups();
      int[] stops = {0, 14, 28, sent.size() - 1};
      for (int k : stops) {
        try (SseStream back = resume(url, events.get(k).lastEventId())) {
          SseParser.SseEvent info = awaitEvent(back, "stream-info");
          assertThat(info.data()).contains("\"start\":\"resume\"");
          awaitEvent(back, "caught-up");
          awaitRecords(back, sent.size() - k - 1);
          Delivered.assertExactlyOnce(sent, List.of(seen.subList(0, k + 1), records(back)));
        }
      }
      // a fresh connect at the live head is served from the reader as well
      try (SseStream fresh = SseStream.open(url)) {
        awaitEvent(fresh, "caught-up");
        List<Delivered> more = Delivered.parseAll(kafka.fill(topic, 3, 2, "b"));
        Delivered.assertExactlyOnce(more, List.of(awaitRecords(fresh, more.size())));
      }
      assertThat(catalog.offsetLookups()).isEqualTo(offsets);
      // at most one shared metadata request per open (fewer when opens overlap)
      assertThat(catalog.describeLookups() - describes).isBetween(1L, stops.length + 1L);
    }
  }

  @Test
  void anIdTheReaderCannotVouchForIsPlannedAgainstKafka() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("tail-fallback"), 2);
    String url = streams + topic + "?format=envelope&from=earliest";
    try (SseStream live = SseStream.open(streams + topic + "?format=envelope")) {
      awaitEvent(live, "caught-up");
      List<Delivered> sent = Delivered.parseAll(kafka.fill(topic, 2, 3, "a"));
      awaitRecords(live, sent.size());
      TopicPosition real = position(live.lastEventId(), topic);

      // another incarnation of the topic (the fingerprint differs): reset, from Kafka's answer
      long offsets = catalog.offsetLookups();
      String otherIncarnation = id(topic, real.fingerprint() + 1, real.nextOffsets());
      try (SseStream back = resume(url, otherIncarnation)) {
        assertThat(awaitEvent(back, "reset").data()).contains("\"reason\":\"topic-recreated\"");
        awaitEvent(back, "caught-up");
        Delivered.assertExactlyOnce(sent, List.of(records(back)));
      }
      assertThat(catalog.offsetLookups()).isGreaterThan(offsets);

      // ahead of what this pod has read: only Kafka knows whether it is past the log's end
      offsets = catalog.offsetLookups();
      String ahead = id(topic, real.fingerprint(), new long[] {3, 50});
      try (SseStream back = resume(url, ahead)) {
        assertThat(awaitEvent(back, "reset").data()).contains("\"reason\":\"ahead-of-log\"");
        awaitEvent(back, "caught-up");
        Delivered.assertExactlyOnce(sent, List.of(records(back)));
      }
      assertThat(catalog.offsetLookups()).isGreaterThan(offsets);
    }
  }

  private static TopicPosition position(String id, String topic) {
    return ((CursorDecoding.Valid) CODEC.decode(id)).cursor().topic(topic).orElseThrow();
  }

  private static String id(String topic, int fingerprint, long[] next) {
    return CODEC.encode(Cursor.of(List.of(new TopicPosition(topic, fingerprint, next))));
  }
}
