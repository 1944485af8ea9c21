package dev.streamgate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.EventSource;
import dev.streamgate.decode.ConfluentFrames;
import dev.streamgate.testing.ConfluentApiRegistryServer;
import dev.streamgate.testing.EventSourceReader;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.InjectRegistry;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.PrometheusScrape;
import dev.streamgate.testing.StandInRegistryResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A schema is fetched once per pod, whatever the number of clients and records: 1,000 real SSE
 * clients (okhttp-eventsource, over a few HTTP/2 connections) and 100,000 Avro records of one
 * schema id make one look-up of the stand-in registry ({@code GET /schemas/ids/{id}} once, with its
 * {@code /versions} once for the envelope's subject; no real registry runs here). The live records
 * are decoded by the topic's reader, the ones before it by four clients' catch-up readers, all
 * through the one schema cache. Each client selects every thousandth record (one shared selection),
 * so the test is about look-ups, not about moving 100 million events.
 */
@QuarkusTest
@TestProfile(StandInRegistryProfile.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(StandInRegistryResource.class)
class StandInRegistryOneLookUpTest {

  private static final int CLIENTS = 1_000;
  private static final int CATCH_UP_CLIENTS = 4;
  private static final int RECORDS = 100_000;
  private static final int BEFORE_THE_READER = 10_000;
  private static final int EVERY = 1_000;
  private static final Duration BOUND = Duration.ofMinutes(4);

  private static final Schema TICK =
      new Schema.Parser()
          .parse(
              "{\"type\":\"record\",\"name\":\"Tick\",\"fields\":[{\"name\":\"seq\",\"type\":\"long\"},"
                  + "{\"name\":\"symbol\",\"type\":\"string\"}]}");

  @TestHTTPResource("/streams/")
  URL streams;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @InjectKafka KafkaTestSupport kafka;

  @InjectRegistry ConfluentApiRegistryServer registry;

  /** A client: its reader and how many records and caught-ups it got. */
  private record Client(EventSourceReader reader, int index) {}

  @Test
  void aThousandClientsAndAHundredThousandRecordsOfOneSchemaMakeOneLookUp() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("standin-one-lookup"), 4);
    int id = registry.register(topic + "-value", null, TICK.toString());
    double loadedBefore = lookups();
    OkHttpClient http =
        new OkHttpClient.Builder()
            .protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE))
            .connectionPool(new ConnectionPool(16, 5, TimeUnit.MINUTES))
            .readTimeout(Duration.ofMinutes(5))
            .build();
    String url =
        streams
            + topic
            + "?filter="
            + URLEncoder.encode("value.seq % " + EVERY + " == 0", StandardCharsets.UTF_8);
    int clients = CLIENTS + CATCH_UP_CLIENTS;
    AtomicIntegerArray records = new AtomicIntegerArray(clients);
    AtomicIntegerArray caughtUp = new AtomicIntegerArray(clients);
    AtomicInteger decodeErrors = new AtomicInteger();
    List<Client> open = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      produce(producer, topic, id, 0, BEFORE_THE_READER);
      for (int i = 0; i < CLIENTS; i++) {
        open.add(open(http, url + "&from=latest", i, records, caughtUp, decodeErrors));
      }
      await("every live client caught up")
          .atMost(BOUND)
          .until(() -> count(caughtUp, 0, CLIENTS) == CLIENTS);
      produce(producer, topic, id, BEFORE_THE_READER, RECORDS);
      for (int i = CLIENTS; i < clients; i++) {
        open.add(open(http, url + "&from=earliest", i, records, caughtUp, decodeErrors));
      }
      int liveEach = (RECORDS - BEFORE_THE_READER) / EVERY;
      await("every live client got its records")
          .atMost(BOUND)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> all(records, 0, CLIENTS, liveEach));
      await("every catch-up client got every selected record")
          .atMost(BOUND)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> all(records, CLIENTS, clients, RECORDS / EVERY));
    } finally {
      open.forEach(c -> c.reader().close());
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
    assertThat(decodeErrors.get()).isZero();
    assertThat(registry.requests("/schemas/ids/" + id)).as("one look-up of the id").isEqualTo(1);
    assertThat(registry.requests("/schemas/ids/" + id + "/versions"))
        .as("and of where it is registered, once")
        .isEqualTo(1);
    assertThat(lookups() - loadedBefore).isEqualTo(1.0);
  }

  private double lookups() {
    return PrometheusScrape.of(metrics.toString())
        .sum("streamgate_registry_lookups_total", "outcome", "loaded");
  }

  private static Client open(
      OkHttpClient http,
      String url,
      int index,
      AtomicIntegerArray records,
      AtomicIntegerArray caughtUp,
      AtomicInteger decodeErrors) {
    EventSource source =
        new EventSource.Builder(ConnectStrategy.http(URI.create(url)).httpClient(http))
            .retryDelay(100, TimeUnit.MILLISECONDS)
            .build();
    EventSourceReader reader =
        EventSourceReader.start(
            source,
            m -> {
              switch (m.getEventName()) {
                case "message" -> records.incrementAndGet(index);
                case "caught-up" -> caughtUp.set(index, 1);
                case "decode-error" -> decodeErrors.incrementAndGet();
                default -> {}
              }
            });
    return new Client(reader, index);
  }

  private static int count(AtomicIntegerArray values, int from, int to) {
    int sum = 0;
    for (int i = from; i < to; i++) {
      sum += values.get(i);
    }
    return sum;
  }

  private static boolean all(AtomicIntegerArray values, int from, int to, int atLeast) {
    for (int i = from; i < to; i++) {
      if (values.get(i) < atLeast) {
        return false;
      }
    }
    return true;
  }

  private static KafkaProducer<byte[], byte[]> producer() {
    Properties props = new Properties();
    props.put("bootstrap.servers", KafkaBrokerResource.bootstrapServers());
    props.put("acks", "all");
    props.put("linger.ms", "20");
    props.put("batch.size", "262144");
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    return new KafkaProducer<>(props);
  }

  private static void produce(
      KafkaProducer<byte[], byte[]> producer, String topic, int id, int from, int to) {
    for (int seq = from; seq < to; seq++) {
      GenericRecord tick = new GenericData.Record(TICK);
      tick.put("seq", (long) seq);
      tick.put("symbol", "S" + (seq % 50));
      byte[] value = ConfluentFrames.framed(id, ConfluentFrames.avro(TICK, tick));
      producer.send(
          new ProducerRecord<>(
              topic, seq % 4, ("S" + (seq % 50)).getBytes(StandardCharsets.UTF_8), value));
    }
    producer.flush();
  }
}
