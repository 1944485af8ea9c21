package dev.streamgate.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Option;

/** Where bench events go ({@code run}, {@code capacity}, {@code produce}): a Kafka topic or an HTTP publish URL. */
final class ProduceOptions {

  @Option(names = "--bootstrap", defaultValue = "127.0.0.1:19092")
  String bootstrap;

  @Option(names = "--topic", defaultValue = "bench")
  String topic;

  @Option(names = "--publish-url")
  String publishUrl;

  @Option(names = "--partitions", defaultValue = "3")
  int partitions;

  /**
   * Keyed lanes, set by {@code run} from its {@code --keys} (not an option here: {@code snapshot}'s
   * own {@code --keys} counts distinct keys, and picocli refuses one name twice): event i goes to
   * lane i % keys; 0 = one lane per partition, unkeyed.
   */
  int keys;

  /**
   * A schema registry (the Confluent REST API): each Kafka value is then the payload written with
   * Avro in the Confluent framing ({@link AvroPayload}), its schema registered as {@code
   * <topic>-value} first.
   */
  @Option(names = "--avro-registry")
  String avroRegistry;

  /** The production's lanes: one per key when keyed, else one per partition. */
  int lanes() {
    return keys > 0 ? keys : partitions;
  }

  /** The sink for {@code to} = {@code kafka} (the topic), else HTTP POST to the publish URL. */
  Producer.Sink sink(String to, boolean burst, AtomicLong errors, AtomicReference<String> lastError) {
    if (!to.equals("kafka")) {
      return Producer.http(publishUrl, errors, lastError);
    }
    Producer.Sink kafka = keys > 0
        ? Producer.kafkaKeyed(bootstrap, topic, partitions, burst, errors)
        : Producer.kafka(bootstrap, topic, burst, errors);
    if (avroRegistry == null) {
      return kafka;
    }
    int id = RegistryCommand.register(avroRegistry, topic + "-value", AvroPayload.SCHEMA_TEXT);
    return Producer.avro(kafka, id);
  }
}
