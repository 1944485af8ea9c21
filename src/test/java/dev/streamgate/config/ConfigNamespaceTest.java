package dev.streamgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.streamgate.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.SmallRyeConfig;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The running pod, not a hand-built config: Quarkus registers, and so validates, only the mappings
 * that some bean uses. {@link StreamgateNamespace} is used by none and must be registered all the
 * same, or a misspelt group ({@code streamgate.stram.heartbeat}) would start a pod that ignores it.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class ConfigNamespaceTest {

  @Test
  void thePodChecksEveryMappingAndTheWholeNamespace() throws Exception {
    SmallRyeConfig config = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class);
    List<Class<?>> mappings = ConfigKeys.mappings(Path.of("target/classes"));
    assertThat(mappings).contains(StreamgateNamespace.class).hasSizeGreaterThan(10);
    for (Class<?> mapping : mappings) {
      assertThatCode(() -> config.getConfigMapping(mapping))
          .as("%s is registered in the running pod", mapping.getName())
          .doesNotThrowAnyException();
    }
  }
}
