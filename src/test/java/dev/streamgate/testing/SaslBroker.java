package dev.streamgate.testing;

import java.time.Duration;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft broker in this JVM whose listeners speak SASL/PLAIN ({@code
 * SASL_PLAINTEXT}), built with Kafka's {@link KafkaClusterTestKit}: it knows the user {@value
 * #USER} (password {@value #PASSWORD}) and the super user {@value #ADMIN}. The test kit writes the
 * broker's JAAS file and points this JVM's {@code java.security.auth.login.config} at it; clients
 * give their own {@code sasl.jaas.config}, so the other tests' plain clients are not affected.
 *
 * <p>One per JVM, started on first use and closed at exit. A Quarkus test profile is loaded by more
 * than one class loader, so the running broker is found through a system property, not a static
 * field (a second broker would fight the first over the JVM's one JAAS file).
 */
public final class SaslBroker implements TestBroker {

  public static final String USER = JaasUtils.KAFKA_PLAIN_USER1;
  public static final String PASSWORD = JaasUtils.KAFKA_PLAIN_USER1_PASSWORD;

  /** A super user (the broker runs an authorizer): creates topics. */
  public static final String ADMIN = JaasUtils.KAFKA_PLAIN_ADMIN;

  public static final String ADMIN_PASSWORD = JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD;

  private static final String RUNNING = "streamgate.test.sasl-broker";

  private final KafkaClusterTestKit cluster;

  private SaslBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** The bootstrap address of the JVM's SASL broker, started on first use. */
  public static String sharedBootstrapServers() {
    // System properties are one object for every class loader of the JVM
    synchronized (System.getProperties()) {
      String running = System.getProperty(RUNNING);
      if (running == null) {
        SaslBroker broker = start();
        Runtime.getRuntime()
            .addShutdownHook(new Thread(() -> broker.closeWithin(Duration.ofSeconds(20))));
        running = broker.bootstrapServers();
        System.setProperty(RUNNING, running);
      }
      return running;
    }
  }

  private static SaslBroker start() {
    try {
      TestKitNodes nodes =
          new TestKitNodes.Builder()
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1)
              .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
              .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
              .build();
      KafkaClusterTestKit cluster =
          new KafkaClusterTestKit.Builder(nodes)
              .setConfigProp("auto.create.topics.enable", "false")
              .setConfigProp("offsets.topic.replication.factor", "1")
              .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new SaslBroker(cluster);
    } catch (Exception e) {
      throw new IllegalStateException("Could not start the SASL broker", e);
    }
  }

  /** The JAAS line of a PLAIN login, as {@code kafka.sasl.jaas.config} takes it. */
  public static String jaas(String user, String password) {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
        + user
        + "\" password=\""
        + password
        + "\";";
  }

  @Override
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }

  private void closeWithin(Duration limit) {
    Thread closer =
        new Thread(
            () -> {
              try {
                close();
              } catch (Exception e) {
                // the JVM is exiting; nothing useful to do with the error
              }
            });
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(limit.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
