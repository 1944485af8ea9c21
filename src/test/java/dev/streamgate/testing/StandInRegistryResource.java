package dev.streamgate.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts the tests' stand-in schema registry ({@link ConfluentApiRegistryServer}: the Confluent
 * REST API's documented endpoints and shapes, served by the JDK's HTTP server, since no real
 * registry can run here) for {@code @QuarkusTest} classes, and points the service at it with {@code
 * streamgate.schema-registry.url}. One registry for the test JVM; fields marked {@link
 * InjectRegistry} get it, to register schemas and count requests.
 */
public class StandInRegistryResource implements QuarkusTestResourceLifecycleManager {

  private static ConfluentApiRegistryServer registry;

  /** The JVM's stand-in registry, started on first use. */
  public static synchronized ConfluentApiRegistryServer registry() {
    if (registry == null) {
      registry = ConfluentApiRegistryServer.start();
    }
    return registry;
  }

  @Override
  public Map<String, String> start() {
    return Map.of("streamgate.schema-registry.url", registry().url().toString());
  }

  @Override
  public void inject(TestInjector testInjector) {
    testInjector.injectIntoFields(
        registry(),
        new TestInjector.AnnotatedAndMatchesType(
            InjectRegistry.class, ConfluentApiRegistryServer.class));
  }

  @Override
  public void stop() {
    // Lives as long as the test JVM, like the broker: profiles that restart Quarkus share it.
  }
}
