package dev.streamgate.devkafka;

import io.quarkus.runtime.ExecutionMode;
import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Dev mode's fallback Kafka: when {@code ./mvnw quarkus:dev} starts the application and nothing
 * gives {@code kafka.bootstrap.servers} — not the user's configuration, and not Quarkus Dev
 * Services, which had no Docker — this starts an embedded broker ({@link DevKafka}) in the dev-mode
 * JVM and points the service at it.
 *
 * <p>It never pre-empts Dev Services: Quarkus also reads configuration while it builds the
 * application, before Dev Services look for {@code kafka.bootstrap.servers}, and this factory does
 * nothing then. It acts only when the application itself starts, after Dev Services either provided
 * a broker (their address is then configured, through Quarkus' Dev Services config source, and this
 * steps aside) or could not. In tests and in the packaged service it does nothing, and never loads
 * a broker class. Registered in {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}.
 */
public final class DevKafkaConfigSourceFactory implements ConfigSourceFactory {

  static final String BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";

  /** Below every source that configures Kafka (application.properties 250, Dev Services 240). */
  static final int ORDINAL = 150;

  private final BooleanSupplier devModeStarting;
  private final Supplier<String> embeddedBroker;

  public DevKafkaConfigSourceFactory() {
    this(
        () ->
            LaunchMode.current() == LaunchMode.DEVELOPMENT
                && ExecutionMode.current() == ExecutionMode.RUNTIME_INIT,
        DevKafka::bootstrapServers);
  }

  DevKafkaConfigSourceFactory(BooleanSupplier devModeStarting, Supplier<String> embeddedBroker) {
    this.devModeStarting = devModeStarting;
    this.embeddedBroker = embeddedBroker;
  }

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    if (!devModeStarting.getAsBoolean()) {
      return List.of();
    }
    ConfigValue configured = context.getValue(BOOTSTRAP_SERVERS);
    if (configured != null && configured.getValue() != null && !configured.getValue().isBlank()) {
      return List.of();
    }
    return List.of(
        new PropertiesConfigSource(
            Map.of(BOOTSTRAP_SERVERS, embeddedBroker.get()), "streamgate dev Kafka", ORDINAL));
  }
}
