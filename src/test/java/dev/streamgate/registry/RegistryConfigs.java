package dev.streamgate.registry;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;

/** {@link SchemaRegistryConfig} from properties, as SmallRye Config maps it in the service. */
final class RegistryConfigs {

  private RegistryConfigs() {}

  static SchemaRegistryConfig of(Map<String, String> properties) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(SchemaRegistryConfig.class)
            // Quarkus' duration syntax ("5s", "200ms"), as the service reads it
            .withConverter(Duration.class, 100, new DurationConverter())
            .withSources(new PropertiesConfigSource(properties, "test", 100))
            .build();
    return config.getConfigMapping(SchemaRegistryConfig.class);
  }
}
