package dev.streamgate.stream.open;

import static dev.streamgate.testing.StreamTestSupport.awaitEvent;
import static dev.streamgate.testing.StreamTestSupport.awaitRecords;
import static dev.streamgate.testing.StreamTestSupport.records;
import static dev.streamgate.testing.StreamTestSupport.resume;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgate.cursor.Cursor;
import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.cursor.CursorDecoding;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.testing.Delivered;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Positions that cannot be honoured are said in-band with a 200 stream (a browser never reconnects
 * after a 4xx): {@code gap} with exact counts, {@code reset} with a reason.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class StreamNoticesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CursorCodec CODEC = new CursorCodec(8192);

  @TestHTTPResource("/streams/")
  URL streams;

  @InjectKafka KafkaTestSupport kafka;

  @Test
  void retentionDeletedPositionGivesGapWithExactCountsThenContinues() throws Exception {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("gap"), 2);
    List<Delivered> sent = Delivered.parseAll(kafka.fill(topic, 2, 10, "g"));
    String url = streams + topic + "?format=envelope&from=earliest";
    String idAfterFirstFour;
    try (SseStream first = SseStream.open(url)) {
      awaitRecords(first, 20);
      List<SseParser.SseEvent> events = first.events("message");
      idAfterFirstFour = events.get(3).lastEventId();
    }
    Cursor seen = ((CursorDecoding.Valid) CODEC.decode(idAfterFirstFour)).cursor();
    TopicPosition position = seen.topic(topic).orElseThrow();
    kafka.deleteRecordsBefore(topic, 0, 7);
    kafka.deleteRecordsBefore(topic, 1, 7);

    try (SseStream after = resume(url, idAfterFirstFour)) {
      SseParser.SseEvent gap = awaitEvent(after, "gap");
      JsonNode body = JSON.readTree(gap.data());
      long expectedLost = (7 - position.nextOffset(0)) + (7 - position.nextOffset(1));
      assertThat(body.get("lost").asLong()).isEqualTo(expectedLost);
      for (JsonNode partition : body.get("partitions")) {
        int p = partition.get("partition").asInt();
        assertThat(partition.get("requested").asLong()).isEqualTo(position.nextOffset(p));
        assertThat(partition.get("resumedAt").asLong()).isEqualTo(7);
        assertThat(partition.get("lost").asLong()).isEqualTo(7 - position.nextOffset(p));
      }
      awaitEvent(after, "caught-up");
      List<Delivered> retained = sent.stream().filter(d -> d.offset() >= 7).toList();
      Delivered.assertExactlyOnce(retained, List.of(records(after)));
    }
  }

  static List<String> unreadableIds() {
    String binary = "1\u0000\u0001\u00ff\r\n\u2028abc";
    // Longer than max-id-length (8192) yet within the HTTP request-line limit of the test profile.
    String tooLong = "1" + "A".repeat(9_000);
    // A well-formed base64url body whose varints decode to a negative offset.
    byte[] negative = {1, 1, 't', 0, 0, 0, 0, 1, 1};
    String negativeId = "1" + Base64.getUrlEncoder().withoutPadding().encodeToString(negative);
    return List.of("x", "2AAAA", "1!!!!", binary, tooLong, negativeId, "1AA==");
  }

  @ParameterizedTest
  @MethodSource("unreadableIds")
  void unreadableIdGivesResetAndStartsPerFrom(String id) {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("garbage"), 1);
    List<Delivered> sent = Delivered.parseAll(kafka.fill(topic, 1, 3, "x"));
    String url = streams + topic + "?format=envelope&from=earliest";
    // Query parameter too, since ids that cannot be HTTP header values still arrive that way.
    String query = url + "&lastEventId=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    try (SseStream stream = SseStream.open(query)) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(awaitEvent(stream, "reset").data()).contains("\"reason\":\"unreadable-id\"");
      awaitEvent(stream, "caught-up");
      Delivered.assertExactlyOnce(sent, List.of(records(stream)));
    }
  }

  @Test
  void idsBeyondHttpLimitsAreRefusedBeforeTheStream() {
    // 100 KB cannot come from a browser (the service never issues an id over max-id-length); the
    // HTTP layer refuses it before any stream byte, as it refuses any oversized request.
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("huge-id"), 1);
    String huge = "1" + "A".repeat(100_000);
    try (SseStream stream = SseStream.open(streams + topic + "?lastEventId=" + huge)) {
      assertThat(stream.status()).isEqualTo(414);
    }
    try (SseStream stream = resume(streams + topic, huge)) {
      assertThat(stream.status()).isEqualTo(431);
    }
  }

  @Test
  void emptyIdMeansNoIdAtAll() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("empty-id"), 1);
    try (SseStream stream = SseStream.open(streams + topic + "?lastEventId=")) {
      awaitEvent(stream, "caught-up");
      assertThat(stream.events("reset")).isEmpty();
    }
  }

  @Test
  void idOfAnotherTopicGivesReset() {
    String a = kafka.createTopic(KafkaTestSupport.uniqueTopic("mine"), 1);
    String b = kafka.createTopic(KafkaTestSupport.uniqueTopic("other"), 1);
    String otherId;
    try (SseStream other = SseStream.open(streams + b)) {
      otherId = awaitEvent(other, "stream-info").lastEventId();
    }
    try (SseStream stream = resume(streams + a, otherId)) {
      assertThat(awaitEvent(stream, "reset").data())
          .contains("\"reason\":\"other-topics\"")
          .doesNotContain(b + "\"]");
    }
  }

  @Test
  void idAheadOfTheLogGivesReset() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("ahead"), 2);
    kafka.fill(topic, 2, 2, "a");
    String realId;
    try (SseStream stream = SseStream.open(streams + topic)) {
      realId = awaitEvent(stream, "stream-info").lastEventId();
    }
    TopicPosition real =
        ((CursorDecoding.Valid) CODEC.decode(realId)).cursor().topic(topic).orElseThrow();
    String future =
        CODEC.encode(
            Cursor.of(
                List.of(new TopicPosition(topic, real.fingerprint(), new long[] {2, 1_000}))));
    try (SseStream stream = resume(streams + topic + "?format=envelope&from=earliest", future)) {
      assertThat(awaitEvent(stream, "reset").data()).contains("\"reason\":\"ahead-of-log\"");
      awaitEvent(stream, "caught-up");
      assertThat(records(stream)).hasSize(4);
    }
  }

  @Test
  void recreatedTopicGivesResetAndNoStaleData() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("recreated"), 2);
    kafka.fill(topic, 2, 5, "old");
    String oldId;
    try (SseStream stream = SseStream.open(streams + topic + "?from=earliest")) {
      awaitEvent(stream, "caught-up");
      oldId = stream.lastEventId();
    }
    kafka.deleteTopic(topic);
    await()
        .atMost(StreamTestSupport.TIMEOUT)
        .ignoreExceptions()
        .until(
            () -> {
              kafka.createTopic(topic, 2);
              return true;
            });
    List<Delivered> fresh = new ArrayList<>(Delivered.parseAll(kafka.fill(topic, 2, 1, "new")));
    try (SseStream stream = resume(streams + topic + "?format=envelope&from=earliest", oldId)) {
      assertThat(awaitEvent(stream, "reset").data()).contains("\"reason\":\"topic-recreated\"");
      awaitEvent(stream, "caught-up");
      Delivered.assertExactlyOnce(fresh, List.of(records(stream)));
      assertThat(stream.raw()).doesNotContain("old-p");
    }
  }

  @Test
  void topicRecreatedUnderAnOpenStreamEndsItAndTheReconnectIsResetWithoutStaleData() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("live-recreate"), 2);
    String lastId;
    try (SseStream stream = SseStream.open(streams + topic + "?format=envelope")) {
      awaitEvent(stream, "caught-up");
      kafka.fill(topic, 2, 3, "old");
      StreamTestSupport.awaitRecords(stream, 6);
      kafka.deleteTopic(topic);
      await()
          .atMost(StreamTestSupport.TIMEOUT)
          .ignoreExceptions()
          .until(
              () -> {
                kafka.createTopic(topic, 2);
                return true;
              });
      // the pod notices the new incarnation and ends the stream after the client's last id
      await().atMost(StreamTestSupport.TIMEOUT).until(stream::ended);
      assertThat(records(stream)).hasSize(6);
      lastId = stream.lastEventId();
    }
    List<Delivered> fresh = Delivered.parseAll(kafka.fill(topic, 2, 2, "new"));
    try (SseStream back = resume(streams + topic + "?format=envelope&from=earliest", lastId)) {
      assertThat(awaitEvent(back, "reset").data()).contains("\"reason\":\"topic-recreated\"");
      awaitEvent(back, "caught-up");
      Delivered.assertExactlyOnce(fresh, List.of(records(back)));
    }
  }

  @Test
  void resetAndGapArriveOnAStreamThatOpenedWithStatus200() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("status"), 1);
    try (SseStream stream = SseStream.open(streams + topic, Map.of("Last-Event-ID", "garbage"))) {
      assertThat(stream.status()).isEqualTo(200);
      awaitEvent(stream, "reset");
    }
  }
}
