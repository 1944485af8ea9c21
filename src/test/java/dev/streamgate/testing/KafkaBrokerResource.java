package dev.streamgate.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts the tests' Kafka broker for {@code @QuarkusTest} classes and points the service at it: the
 * in-JVM {@link dev.streamgate.devkafka.EmbeddedKafka} by default, a Testcontainers broker with
 * {@code -Dstreamgate.test.kafka=container} ({@link TestBrokers}). Setting {@code
 * kafka.bootstrap.servers} also keeps Dev Services out of the way.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

  private static TestBroker broker;
  private static KafkaTestSupport kafka;

  /** The running broker's bootstrap address, for test clients (producers, admin). */
  public static String bootstrapServers() {
    return broker.bootstrapServers();
  }

  @Override
  public synchronized Map<String, String> start() {
    if (broker == null) {
      broker = TestBrokers.start(TestBrokers.selected());
    }
    return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
  }

  /** Fills the test's {@link InjectKafka} fields with the JVM's one connection to the broker. */
  @Override
  public void inject(TestInjector testInjector) {
    testInjector.injectIntoFields(
        connection(),
        new TestInjector.AnnotatedAndMatchesType(InjectKafka.class, KafkaTestSupport.class));
  }

  private static synchronized KafkaTestSupport connection() {
    if (kafka == null) {
      kafka = new KafkaTestSupport(broker.bootstrapServers());
    }
    return kafka;
  }

  @Override
  public synchronized void stop() {
    // The broker lives as long as the test JVM: Quarkus restarts between test profiles must not
    // pay a broker start each time; a shutdown hook stops it.
  }

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(KafkaBrokerResource::closeBroker));
  }

  /** Stops the broker at JVM exit, giving up after 20 s: its files are temporary anyway. */
  private static void closeBroker() {
    if (broker == null) {
      return;
    }
    Thread closer =
        new Thread(
            () -> {
              try {
                if (kafka != null) {
                  kafka.close();
                }
                broker.close();
              } catch (Exception e) {
                // the JVM is exiting; nothing useful to do with the error
              }
            });
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(20_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
