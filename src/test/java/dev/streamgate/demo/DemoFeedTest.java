package dev.streamgate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgate.testing.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/** The demo feed, switched on, fills the demo topic the way the stream and dashboard expect. */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = false)
@TestProfile(DemoFeedTest.DemoOn.class)
class DemoFeedTest {

  private static final String TOPIC = "demo.prices";
  private static final int PARTITIONS = 6;
  private static final List<String> SYMBOLS =
      List.of("ACME", "GLOBEX", "INITECH", "UMBRELLA", "HOOLI", "STARK", "WAYNE", "WONKA");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Switches the feed on, faster than its default so the test has data quickly. */
  public static class DemoOn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("streamgate.demo.enabled", "true", "streamgate.demo.rate", "50");
    }
  }

  @Test
  void writesPriceQuotesKeyedBySymbol() throws Exception {
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = consumer()) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < PARTITIONS; p++) {
        partitions.add(new TopicPartition(TOPIC, p));
      }
      // The feed creates the topic on its own thread shortly after startup.
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInSameThread()
          .ignoreExceptions()
          .until(() -> consumer.partitionsFor(TOPIC).size() == PARTITIONS);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);

      await()
          .atMost(Duration.ofSeconds(30))
          .pollInSameThread()
          .untilAsserted(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                assertThat(keys(records)).containsExactlyInAnyOrderElementsOf(SYMBOLS);
              });
    }

    Map<String, Set<Integer>> partitionsBySymbol = new HashMap<>();
    for (ConsumerRecord<String, String> record : records) {
      partitionsBySymbol
          .computeIfAbsent(record.key(), key -> new HashSet<>())
          .add(record.partition());

      JsonNode quote = JSON.readTree(record.value());
      assertThat(quote.get("symbol").asText()).isEqualTo(record.key());
      assertThat(quote.get("price").asDouble()).isPositive();
      assertThat(quote.get("ts").asLong()).isPositive();
      assertThat(quote.has("change")).isTrue();

      Header type = record.headers().lastHeader("ce_type");
      assertThat(type).isNotNull();
      assertThat(new String(type.value(), StandardCharsets.UTF_8)).isEqualTo("price");
    }

    Set<Integer> used = new HashSet<>();
    partitionsBySymbol.forEach(
        (symbol, partitions) -> {
          assertThat(partitions).as("partitions of %s", symbol).containsExactly(partition(symbol));
          used.addAll(partitions);
        });
    assertThat(used).as("partitions with quotes").hasSizeGreaterThan(2);
  }

  /** Where Kafka's default partitioner puts a key: the feed must not pick partitions itself. */
  private static int partition(String key) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
  }

  private static Set<String> keys(List<ConsumerRecord<String, String>> records) {
    Set<String> keys = new HashSet<>();
    records.forEach(record -> keys.add(record.key()));
    return keys;
  }

  private static KafkaConsumer<String, String> consumer() {
    return new KafkaConsumer<>(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers()),
        new StringDeserializer(),
        new StringDeserializer());
  }
}
