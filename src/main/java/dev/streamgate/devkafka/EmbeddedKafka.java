package dev.streamgate.devkafka;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * A real single-node KRaft Kafka (combined broker and controller) running inside this JVM, built
 * with Kafka's own {@link KafkaClusterTestKit}. Starts in a few seconds and needs no Docker.
 *
 * <p>Used by the tests, by {@code ./mvnw -Pdemo} and by dev mode when Dev Services have no Docker
 * ({@link DevKafkaConfigSourceFactory}). The broker jars are {@code provided}-scope dependencies:
 * on the compile, test and dev-mode class paths, never in the packaged service, where this class is
 * therefore inert: nothing there loads it.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private final KafkaClusterTestKit cluster;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /**
   * Formats and starts a broker.
   *
   * @param baseDirectory where the log directories go, or {@code null} for a temporary folder that
   *     is deleted on close
   */
  public static EmbeddedKafka start(Path baseDirectory) {
    // A broker that hits a fatal fault (for example while the JVM is shutting down on a busy
    // machine) calls Exit.exit/halt, which would end the whole JVM with a non-zero status.
    // Kafka's own tests replace both procedures; so do we, and say what happened instead.
    Exit.setExitProcedure(
        (status, message) ->
            System.err.println("Embedded Kafka asked to exit(" + status + "): " + message));
    Exit.setHaltProcedure(
        (status, message) ->
            System.err.println("Embedded Kafka asked to halt(" + status + "): " + message));
    try {
      TestKitNodes.Builder nodes =
          new TestKitNodes.Builder()
              .setCombined(true)
              .setNumBrokerNodes(1)
              .setNumControllerNodes(1);
      if (baseDirectory != null) {
        nodes.setBaseDirectory(baseDirectory);
      }
      KafkaClusterTestKit cluster =
          new KafkaClusterTestKit.Builder(nodes.build())
              .setConfigProp("auto.create.topics.enable", "false")
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .setConfigProp("log.retention.check.interval.ms", "1000")
              .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new EmbeddedKafka(cluster);
    } catch (Exception e) {
      throw new IllegalStateException("Could not start the embedded Kafka broker", e);
    }
  }

  /** The {@code host:port} list clients connect to. */
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }

  /**
   * Closes the broker but waits at most {@code limit}: used at JVM or dev-mode exit, where a slow
   * broker shutdown on a busy machine must not hang the exit. Its files are temporary anyway.
   */
  public void closeWithin(Duration limit) {
    Thread closer =
        new Thread(
            () -> {
              try {
                close();
              } catch (Exception e) {
                // exiting; nothing useful to do with the error
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
