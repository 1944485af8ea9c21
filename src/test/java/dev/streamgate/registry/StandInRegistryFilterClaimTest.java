package dev.streamgate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgate.decode.ConfluentFrames;
import dev.streamgate.security.FilterClaimProfile;
import dev.streamgate.security.TestTokens;
import dev.streamgate.testing.ConfluentApiRegistryServer;
import dev.streamgate.testing.EventSourceClient;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.InjectRegistry;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.StandInRegistryResource;
import dev.streamgate.testing.StreamTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The caller's filter claim sees decoded values: a token whose claim is {@code value.symbol ==
 * "ACME"} gets only ACME's Avro quotes (schemas from the stand-in registry; no real registry runs
 * here), and an undecodable record's {@code decode-error} without its raw bytes, which could be
 * another tenant's row; a caller without a claim gets the bytes.
 */
@QuarkusTest
@TestProfile(StandInRegistryClaimProfile.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(StandInRegistryResource.class)
class StandInRegistryFilterClaimTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TestHTTPResource("/streams/")
  URL streams;

  @InjectKafka KafkaTestSupport kafka;

  @InjectRegistry ConfluentApiRegistryServer registry;

  private static String token(String filterClaim) {
    var claims = TestTokens.claims(List.of("claim-*"), List.of());
    if (filterClaim != null) {
      claims = claims.claim(FilterClaimProfile.CLAIM, filterClaim);
    }
    return TestTokens.sign(claims);
  }

  private EventSourceClient caughtUp(String topic, String token) {
    EventSourceClient client =
        EventSourceClient.open(
            streams + topic + "?from=earliest", Map.of("Authorization", "Bearer " + token));
    await()
        .atMost(StreamTestSupport.TIMEOUT)
        .failFast("the reader failed", client::failed)
        .until(() -> !client.data("caught-up").isEmpty());
    return client;
  }

  @Test
  void theClaimFiltersDecodedValuesAndHidesTheBytesOfUndecodableOnes() throws Exception {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("claim-standin"), 1);
    int[] ids = StandInSchemas.registerQuotes(registry, topic);
    for (int seq = 0; seq < 4; seq++) {
      String symbol = seq % 2 == 0 ? "ACME" : "INIT";
      kafka.send(
          new ProducerRecord<>(
              topic,
              0,
              StandInSchemas.framedString(ids[0], symbol),
              StandInSchemas.framedQuote(ids[1], symbol, seq, seq)));
    }
    byte[] undecodable = ConfluentFrames.framed(55_555, new byte[] {1});
    kafka.send(new ProducerRecord<>(topic, 0, null, undecodable));
    try (EventSourceClient acme = caughtUp(topic, token("value.symbol == \"ACME\""));
        EventSourceClient all = caughtUp(topic, token(null))) {
      assertThat(acme.data("message"))
          .containsExactly(
              StandInSchemas.quoteJson("ACME", 0, 0), StandInSchemas.quoteJson("ACME", 2, 2));
      JsonNode withheld = JSON.readTree(acme.data("decode-error").get(0));
      assertThat(withheld.get("withheld").asBoolean()).isTrue();
      assertThat(withheld.has("value")).isFalse();
      assertThat(withheld.get("reason").asText()).isEqualTo("unknown-schema");

      assertThat(all.data("message")).hasSize(4);
      JsonNode told = JSON.readTree(all.data("decode-error").get(0));
      assertThat(told.has("withheld")).isFalse();
      assertThat(Base64.getDecoder().decode(told.get("value").asText())).isEqualTo(undecodable);
    }
  }
}
