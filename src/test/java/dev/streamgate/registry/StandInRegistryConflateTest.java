package dev.streamgate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgate.decode.ConfluentFrames;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A conflated stream of an Avro topic (schemas from the stand-in registry; no real registry runs
 * here): the catch-up is the decoded latest of every key the filter on decoded fields selects (a
 * guarded filter passes deletes), an undecodable record is its key's {@code decode-error}, the live
 * batches carry decoded values with their schema, and a resume from a batch's id gets only the keys
 * changed since, decoded.
 */
@QuarkusTest
@TestProfile(StandInRegistryProfile.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(StandInRegistryResource.class)
class StandInRegistryConflateTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FILTER =
      URLEncoder.encode("value == null || value.book.bid > 50.0", StandardCharsets.UTF_8);

  @TestHTTPResource("/streams/")
  URL streams;

  @InjectKafka KafkaTestSupport kafka;

  @InjectRegistry ConfluentApiRegistryServer registry;

  private void send(String topic, int[] ids, String symbol, byte[] value) {
    kafka.send(
        new ProducerRecord<>(
            topic,
            Math.abs(symbol.hashCode()) % 2,
            StandInSchemas.framedString(ids[0], symbol),
            value));
  }

  private void quote(String topic, int[] ids, String symbol, double bid, long seq) {
    send(topic, ids, symbol, StandInSchemas.framedQuote(ids[1], symbol, bid, seq));
  }

  @Test
  void aConflatedAvroStreamIsTheDecodedStateAndResumesExactly() throws Exception {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("standin-conflate"), 2);
    int[] ids = StandInSchemas.registerQuotes(registry, topic);
    for (int seq = 0; seq < 20; seq++) {
      quote(topic, ids, "ACME", 90.0 + seq, seq);
    }
    quote(topic, ids, "LOW", 7.0, 20);
    quote(topic, ids, "GONE", 60.0, 21);
    send(topic, ids, "GONE", null);
    send(topic, ids, "BAD", ConfluentFrames.framed(424_242, new byte[] {1}));

    String url = streams + topic + "?conflate=250ms&from=earliest&format=envelope&filter=" + FILTER;
    try (EventSourceClient client = caughtUp(EventSourceClient.open(url))) {
      List<EventSourceClient.Received> catchUp = untilCaughtUp(client.received());
      // one value per key: the latest of twenty ACME quotes, decoded, with its schema
      assertThat(keys(catchUp)).containsExactlyInAnyOrder("ACME", "GONE", "BAD");
      JsonNode acme = envelope(catchUp, "message", "ACME");
      assertThat(acme.get("value"))
          .isEqualTo(JSON.readTree(StandInSchemas.quoteJson("ACME", 109.0, 19)));
      assertThat(acme.get("schema").get("id").asInt()).isEqualTo(ids[1]);
      assertThat(envelope(catchUp, "delete", "GONE").get("value").isNull()).isTrue();
      assertThat(JSON.readTree(dataOf(catchUp, "decode-error")).get("schemaId").asInt())
          .isEqualTo(424_242);
      String catchUpEnd = lastOf(catchUp, "batch").id();

      for (int seq = 22; seq < 32; seq++) {
        quote(topic, ids, "ACME", 100.0 + seq, seq);
      }
      quote(topic, ids, "LOW", 70.0, 32);
      await()
          .atMost(StreamTestSupport.TIMEOUT)
          .until(() -> seq(client.received(), "ACME") == 31 && seq(client.received(), "LOW") == 32);
      assertThat(perBatch(client.received()))
          .allSatisfy(keys -> assertThat(keys).doesNotHaveDuplicates());

      // a resume from the catch-up's end: only the keys changed since, decoded, once each
      try (EventSourceClient resumed =
          caughtUp(EventSourceClient.open(url, Map.of("Last-Event-ID", catchUpEnd)))) {
        List<EventSourceClient.Received> again = untilCaughtUp(resumed.received());
        assertThat(keys(again)).containsExactlyInAnyOrder("ACME", "LOW");
        assertThat(envelope(again, "message", "ACME").get("value"))
            .isEqualTo(JSON.readTree(StandInSchemas.quoteJson("ACME", 131.0, 31)));
        assertThat(envelope(again, "message", "LOW").get("value"))
            .isEqualTo(JSON.readTree(StandInSchemas.quoteJson("LOW", 70.0, 32)));
      }
    }
  }

  private static EventSourceClient caughtUp(EventSourceClient client) {
    await()
        .atMost(StreamTestSupport.TIMEOUT)
        .failFast("the stream failed", client::failed)
        .until(() -> !client.data("caught-up").isEmpty());
    return client;
  }

  private static List<EventSourceClient.Received> untilCaughtUp(
      List<EventSourceClient.Received> received) {
    List<EventSourceClient.Received> before = new ArrayList<>();
    for (EventSourceClient.Received r : received) {
      if (r.event().equals("caught-up")) {
        return before;
      }
      before.add(r);
    }
    throw new AssertionError("no caught-up in " + received);
  }

  /** The key of each record event (a message, a delete or a decode-error), in order. */
  private static List<String> keys(List<EventSourceClient.Received> events) throws Exception {
    List<String> keys = new ArrayList<>();
    for (EventSourceClient.Received r : events) {
      switch (r.event()) {
        case "message", "delete" -> keys.add(JSON.readTree(r.data()).get("key").asText());
        case "decode-error" -> keys.add(rawKey(JSON.readTree(r.data())));
        default -> {}
      }
    }
    return keys;
  }

  /** The keys of each batch, in order: a key comes at most once in one. */
  private static List<List<String>> perBatch(List<EventSourceClient.Received> events)
      throws Exception {
    List<List<String>> batches = new ArrayList<>();
    List<EventSourceClient.Received> open = new ArrayList<>();
    for (EventSourceClient.Received r : events) {
      if (r.event().equals("batch")) {
        batches.add(keys(open));
        open.clear();
      } else {
        open.add(r);
      }
    }
    return batches;
  }

  private static JsonNode envelope(
      List<EventSourceClient.Received> events, String event, String key) throws Exception {
    for (EventSourceClient.Received r : events) {
      if (r.event().equals(event)) {
        JsonNode node = JSON.readTree(r.data());
        if (node.get("key").asText().equals(key)) {
          return node;
        }
      }
    }
    throw new AssertionError("no " + event + " of " + key + " in " + events);
  }

  private static String dataOf(List<EventSourceClient.Received> events, String event) {
    return lastOf(events, event).data();
  }

  private static EventSourceClient.Received lastOf(
      List<EventSourceClient.Received> events, String event) {
    EventSourceClient.Received last = null;
    for (EventSourceClient.Received r : events) {
      if (r.event().equals(event)) {
        last = r;
      }
    }
    if (last == null) {
      throw new AssertionError("no " + event + " in " + events);
    }
    return last;
  }

  /** The seq of {@code key}'s latest message, or -1. */
  private static long seq(List<EventSourceClient.Received> events, String key) {
    Map<String, Long> latest = new TreeMap<>();
    for (EventSourceClient.Received r : events) {
      if (!r.event().equals("message")) {
        continue;
      }
      try {
        JsonNode node = JSON.readTree(r.data());
        latest.put(node.get("key").asText(), node.get("value").get("seq").asLong());
      } catch (Exception e) {
        throw new AssertionError(r.data(), e);
      }
    }
    return latest.getOrDefault(key, -1L);
  }

  /** A decode-error's key: its raw key is the framed Avro string (5 bytes, a length, the text). */
  private static String rawKey(JsonNode error) {
    byte[] raw = Base64.getDecoder().decode(error.get("key").asText());
    return new String(raw, 6, raw.length - 6, StandardCharsets.UTF_8);
  }
}
