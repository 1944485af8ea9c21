package dev.streamgate.demo;

import dev.streamgate.decode.ConfluentFrames;
import dev.streamgate.testing.ConfluentApiRegistryServer;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The demo's Avro topic ({@value #TOPIC}): quotes written with Apache Avro in the Confluent wire
 * format, their schemas registered on the stand-in registry ({@link ConfluentApiRegistryServer},
 * the Confluent REST API's shapes; no real registry runs in the demo), so a newcomer sees the
 * dashboard decode them: nested fields to filter on ({@code value.book.bid > 100.0}) and project
 * ({@code symbol,book.bid}). Keyed by symbol (an Avro string), four quotes a second from a
 * scheduled daemon thread until the JVM exits.
 */
final class AvroDemoFeed {

  static final String TOPIC = "demo.quotes.avro";

  private static final String QUOTE =
      """
      {"type": "record", "name": "Quote", "namespace": "demo", "fields": [
        {"name": "symbol", "type": "string"},
        {"name": "venue", "type": ["null", "string"], "default": null},
        {"name": "book", "type": {"type": "record", "name": "Book", "fields": [
          {"name": "bid", "type": "double"}, {"name": "ask", "type": "double"}]}},
        {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}}
      ]}
      """;

  private static final List<String> SYMBOLS = List.of("ACME", "GLOBEX", "INITECH", "UMBRELLA");

  private AvroDemoFeed() {}

  /** Creates the topic, registers the schemas and starts producing. */
  static void start(String bootstrapServers, ConfluentApiRegistryServer registry)
      throws InterruptedException, ExecutionException {
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrapServers);
    try (Admin admin = Admin.create(props)) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
    }
    Schema quote = new Schema.Parser().parse(QUOTE);
    Schema string = Schema.create(Schema.Type.STRING);
    int valueId = registry.register(TOPIC + "-value", null, QUOTE);
    int keyId = registry.register(TOPIC + "-key", null, string.toString());
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props);
    ScheduledExecutorService feed =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "streamgate-demo-avro-feed");
              t.setDaemon(true);
              return t;
            });
    Quotes quotes = new Quotes(producer, quote, string, keyId, valueId);
    feed.scheduleAtFixedRate(quotes::next, 0, 250, TimeUnit.MILLISECONDS);
  }

  /**
   * The feed's state: each {@link #next} moves one symbol's price and writes its quote. Threads:
   * the feed's one scheduled thread only.
   */
  private static final class Quotes {

    private final KafkaProducer<byte[], byte[]> producer;
    private final Schema quote;
    private final Schema string;
    private final Schema book;
    private final int keyId;
    private final int valueId;
    private final Random random = new Random();
    private final double[] prices = {101.0, 48.0, 12.5, 230.0};
    private boolean stopped;

    Quotes(
        KafkaProducer<byte[], byte[]> producer,
        Schema quote,
        Schema string,
        int keyId,
        int valueId) {
      this.producer = producer;
      this.quote = quote;
      this.string = string;
      this.book = quote.getField("book").schema();
      this.keyId = keyId;
      this.valueId = valueId;
    }

    void next() {
      if (stopped) {
        return;
      }
      try {
        int i = random.nextInt(SYMBOLS.size());
        prices[i] = Math.max(1, prices[i] * (1 + random.nextGaussian() * 0.002));
        GenericRecord bidAsk = new GenericData.Record(book);
        bidAsk.put("bid", Math.round(prices[i] * 100) / 100.0);
        bidAsk.put("ask", Math.round(prices[i] * 100 + 5) / 100.0);
        GenericRecord value = new GenericData.Record(quote);
        value.put("symbol", SYMBOLS.get(i));
        value.put("venue", random.nextBoolean() ? "XNYS" : null);
        value.put("book", bidAsk);
        value.put("at", System.currentTimeMillis());
        producer.send(
            new ProducerRecord<>(
                TOPIC,
                i % 3,
                ConfluentFrames.framed(keyId, ConfluentFrames.avro(string, SYMBOLS.get(i))),
                ConfluentFrames.framed(valueId, ConfluentFrames.avro(quote, value))));
      } catch (RuntimeException e) {
        // once: a feed that failed stays stopped, as the loop it replaced did
        stopped = true;
        System.err.println("The Avro demo feed stopped: " + e);
      }
    }
  }
}
