package dev.streamgate.devkafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.ConfigurableConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

/**
 * Dev mode's embedded Kafka comes only when nothing else gives a broker, Dev Services included, and
 * only as the application starts (never while Quarkus builds it, before Dev Services decide).
 */
class DevKafkaConfigSourceFactoryTest {

  private static final String EMBEDDED = "localhost:1111";

  private final AtomicInteger brokerStarts = new AtomicInteger();

  @Test
  void nothingConfiguredInDevModeGetsTheEmbeddedBroker() {
    assertThat(bootstrapServers(true)).contains(EMBEDDED);
    assertThat(brokerStarts).hasValue(1);
  }

  @Test
  void devServicesBrokerIsKept() {
    // What Quarkus registers when Dev Services started a broker (DevServicesConfigSource, 240).
    ConfigSource devServices =
        new PropertiesConfigSource(
            Map.of("kafka.bootstrap.servers", "PLAINTEXT://localhost:32789"),
            "DevServicesConfigSource",
            240);
    assertThat(bootstrapServers(true, devServices)).contains("PLAINTEXT://localhost:32789");
    assertThat(brokerStarts).hasValue(0);
  }

  @Test
  void configuredBrokerIsKept() {
    ConfigSource properties =
        new PropertiesConfigSource(
            Map.of("kafka.bootstrap.servers", "kafka.example:9092"), "application.properties", 250);
    assertThat(bootstrapServers(true, properties)).contains("kafka.example:9092");
    assertThat(brokerStarts).hasValue(0);
  }

  @Test
  void outsideDevModeStartupNothingHappens() {
    assertThat(bootstrapServers(false)).isEmpty();
    assertThat(brokerStarts).hasValue(0);
  }

  @Test
  void testsAndThePackagedServiceNeverStartOne() {
    // The real conditions: this JVM is neither dev mode nor a starting dev-mode application.
    DevKafkaConfigSourceFactory factory = new DevKafkaConfigSourceFactory();
    SmallRyeConfig config =
        new SmallRyeConfigBuilder().withSources(new ConfigurableConfigSource(factory)).build();
    assertThat(config.getOptionalValue("kafka.bootstrap.servers", String.class)).isEmpty();
  }

  private Optional<String> bootstrapServers(boolean devModeStarting, ConfigSource... sources) {
    DevKafkaConfigSourceFactory factory =
        new DevKafkaConfigSourceFactory(
            () -> devModeStarting,
            () -> {
              brokerStarts.incrementAndGet();
              return EMBEDDED;
            });
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withSources(sources)
            .withSources(new ConfigurableConfigSource(factory))
            .build();
    return config.getOptionalValue("kafka.bootstrap.servers", String.class);
  }
}
