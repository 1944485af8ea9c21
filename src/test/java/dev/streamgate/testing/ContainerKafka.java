package dev.streamgate.testing;

import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A single-node KRaft Kafka in a container (Testcontainers, the official {@code apache/kafka}
 * image), for {@code -Dstreamgate.test.kafka=container}. Same Kafka version as the clients and the
 * embedded broker, and the same broker settings as the embedded one.
 */
final class ContainerKafka implements TestBroker {

  static final DockerImageName IMAGE =
      DockerImageName.parse("apache/kafka").withTag(AppInfoParser.getVersion());

  private final KafkaContainer container;

  private ContainerKafka(KafkaContainer container) {
    this.container = container;
  }

  static ContainerKafka start() {
    KafkaContainer container =
        new KafkaContainer(IMAGE)
            .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
            .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
            .withEnv("KAFKA_LOG_RETENTION_CHECK_INTERVAL_MS", "1000");
    container.start();
    return new ContainerKafka(container);
  }

  @Override
  public String bootstrapServers() {
    return container.getBootstrapServers();
  }

  @Override
  public void close() {
    container.stop();
  }
}
