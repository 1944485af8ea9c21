package dev.streamgate.stream.open;

import static dev.streamgate.testing.StreamTestSupport.awaitEvent;
import static dev.streamgate.testing.StreamTestSupport.awaitRecords;
import static dev.streamgate.testing.StreamTestSupport.records;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Where a stream without an id starts: latest (default), earliest, or since an instant. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class StreamStartTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/streams/")
  URL streams;

  @InjectKafka KafkaTestSupport kafka;

  @Test
  void latestIsResolvedToRealOffsetsAndTheFirstIdCarriesThem() throws Exception {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("latest"), 2);
    kafka.fill(topic, 2, 3, "old");
    String url = streams + topic + "?format=envelope";
    String startId;
    List<Delivered> later = new ArrayList<>();
    try (SseStream stream = SseStream.open(url)) {
      SseParser.SseEvent info = awaitEvent(stream, "stream-info");
      JsonNode partitions = JSON.readTree(info.data()).get("topics").get(0).get("partitions");
      assertThat(partitions.get(0).get("start").asLong()).isEqualTo(3);
      assertThat(partitions.get(1).get("start").asLong()).isEqualTo(3);
      assertThat(JSON.readTree(info.data()).get("topics").get(0).get("start").asText())
          .isEqualTo("latest");
      startId = info.lastEventId();
      assertThat(startId).isNotEmpty();
      awaitEvent(stream, "caught-up");
      later.addAll(Delivered.parseAll(kafka.fill(topic, 2, 2, "new")));
      Delivered.assertExactlyOnce(later, List.of(awaitRecords(stream, 4)));
    }
    // The id sent at open already pins "latest": resuming from it gets what came after.
    try (SseStream resumed = StreamTestSupport.resume(url, startId)) {
      Delivered.assertExactlyOnce(later, List.of(awaitRecords(resumed, 4)));
    }
  }

  @Test
  void earliestReplaysEverythingThenSaysCaughtUp() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("earliest"), 3);
    List<Delivered> sent = Delivered.parseAll(kafka.fill(topic, 3, 10, "e"));
    try (SseStream stream = SseStream.open(streams + topic + "?format=envelope&from=earliest")) {
      awaitEvent(stream, "caught-up");
      List<String> types = stream.events().stream().map(SseParser.SseEvent::type).toList();
      assertThat(types.get(0)).isEqualTo("stream-info");
      assertThat(types.indexOf("caught-up")).isEqualTo(types.size() - 1);
      Delivered.assertExactlyOnce(sent, List.of(records(stream)));
    }
  }

  @Test
  void sinceStartsAtTheFirstRecordAtOrAfterTheInstant() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("since"), 2);
    // Recent timestamps: records stamped months ago would be rolled out and deleted by time
    // retention (7 days) while the test runs.
    long base = Instant.now().minusSeconds(3600).truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
    List<Delivered> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      for (int p = 0; p < 2; p++) {
        var m =
            kafka.send(
                new ProducerRecord<>(
                    topic, p, base + i * 1000L, null, ("v" + i).getBytes(StandardCharsets.UTF_8)));
        if (i >= 6) {
          expected.add(new Delivered(topic, p, m.offset()));
        }
      }
    }
    String iso = Instant.ofEpochMilli(base + 6000).toString();
    for (String since : List.of(iso, String.valueOf(base + 5500))) {
      try (SseStream stream = SseStream.open(streams + topic + "?format=envelope&since=" + since)) {
        awaitEvent(stream, "caught-up");
        Delivered.assertExactlyOnce(expected, List.of(records(stream)));
        assertThat(stream.events("stream-info").get(0).data()).contains("\"start\":\"since\"");
      }
    }
  }
}
