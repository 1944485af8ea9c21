package dev.streamgate.stream.open;

import static dev.streamgate.testing.StreamTestSupport.awaitEvent;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.SseStream;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The numbers of one {@code stream-info} agree on a snapshot stream whose table moved on while the
 * stream opened: the topic's offsets were learned when the open began, its snapshot position P
 * (each partition's {@code start}) when the table was read, after the build. A partition's {@code
 * latest} is never below its {@code start}, which is the truth (the reader has read that far).
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class SnapshotStreamInfoTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/streams/")
  URL streams;

  @InjectKafka KafkaTestSupport kafka;

  @Test
  void latestIsNeverBelowTheSnapshotPositionTheStreamStartsAt() throws Exception {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("snap-info"), 1);
    // enough records that the table's build takes a while, keyed so the table has keys
    for (int i = 0; i < 300; i++) {
      kafka.send(topic, 0, "k" + (i % 50), "{\"v\":" + i + "}");
    }
    AtomicBoolean producing = new AtomicBoolean(true);
    Thread producer =
        new Thread(
            () -> {
              for (int i = 0; producing.get(); i++) {
                kafka.send(topic, 0, "k" + (i % 50), "{\"live\":" + i + "}");
              }
            },
            "snap-info-producer");
    producer.start();
    long logEndBefore;
    JsonNode partition;
    long next;
    try {
      // the stream opens while the log keeps growing
      logEndBefore = logEnd(topic);
      try (SseStream stream = SseStream.open(streams + topic + "?from=snapshot")) {
        JsonNode info = JSON.readTree(awaitEvent(stream, "stream-info").data());
        JsonNode snapshot = JSON.readTree(awaitEvent(stream, "snapshot").data());
        partition = info.get("topics").get(0).get("partitions").get(0);
        next = snapshot.get("next").get(topic).get(0).asLong();
      }
    } finally {
      producing.set(false);
      producer.join();
    }

    long start = partition.get("start").asLong();
    assertThat(start).as("start is P, where the live records begin").isEqualTo(next);
    assertThat(start)
        .as("the table moved past the log end known before the open")
        .isGreaterThan(logEndBefore);
    assertThat(partition.get("latest").asLong())
        .as(partition.toString())
        .isGreaterThanOrEqualTo(start);
    assertThat(partition.get("earliest").asLong()).isLessThanOrEqualTo(start);
  }

  private long logEnd(String topic) throws Exception {
    TopicPartition tp = new TopicPartition(topic, 0);
    return kafka
        .admin()
        .listOffsets(Map.of(tp, OffsetSpec.latest()))
        .partitionResult(tp)
        .get()
        .offset();
  }
}
