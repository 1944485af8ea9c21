package dev.streamgate.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts the in-JVM {@link EmbeddedKafka} broker for {@code @QuarkusTest} classes and points the
 * service at it; setting {@code kafka.bootstrap.servers} also keeps Dev Services (which need
 * Docker) out of the way.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

  private static EmbeddedKafka broker;

  /** The running broker's bootstrap address, for test clients (producers, admin). */
  public static String bootstrapServers() {
    return broker.bootstrapServers();
  }

  @Override
  public synchronized Map<String, String> start() {
    if (broker == null) {
      broker = EmbeddedKafka.start(null);
    }
    return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
  }

  @Override
  public synchronized void stop() {
    // The broker lives as long as the test JVM: Quarkus restarts between test profiles must not
    // pay a broker start each time, and a shutdown hook below stops it.
  }

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    if (broker != null) {
                      broker.close();
                    }
                  } catch (Exception e) {
                    // the JVM is exiting; nothing useful to do with the error
                  }
                }));
  }
}
