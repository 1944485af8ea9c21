package dev.streamgate.devkafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The one embedded broker of a dev-mode JVM, with its data in {@code target/dev-kafka} (emptied
 * when dev mode starts, kept across live reloads). A live reload gives the application a new class
 * loader, so the running broker's address is kept in a system property rather than a static field;
 * the broker stops when the dev-mode JVM exits.
 */
final class DevKafka {

  /** Outside the {@code streamgate.} namespace, which the service validates strictly. */
  private static final String RUNNING = "dev.streamgate.devkafka.bootstrap-servers";

  private static final Path DATA = Path.of("target", "dev-kafka");

  /** Broker classes log at INFO by the hundreds; kept by reference so the levels stick. */
  private static final List<Logger> QUIET_LOGGERS =
      List.of(
          Logger.getLogger("kafka"),
          Logger.getLogger("org.apache.kafka"),
          Logger.getLogger("state.change.logger"));

  private static final org.jboss.logging.Logger LOG =
      org.jboss.logging.Logger.getLogger(DevKafka.class);

  private DevKafka() {}

  static synchronized String bootstrapServers() {
    String running = System.getProperty(RUNNING);
    if (running != null) {
      return running;
    }
    QUIET_LOGGERS.forEach(logger -> logger.setLevel(Level.WARNING));
    Path data = DATA.toAbsolutePath();
    deleteRecursively(data);
    EmbeddedKafka broker = EmbeddedKafka.start(data);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> close(broker), "streamgate-dev-kafka-shutdown"));
    running = broker.bootstrapServers();
    System.setProperty(RUNNING, running);
    LOG.infof(
        "No kafka.bootstrap.servers and no Dev Services broker (they need Docker): dev mode uses an"
            + " embedded Kafka broker at %s (data in %s)",
        running, data);
    return running;
  }

  /** Stops the broker as dev mode exits, giving up after 20 s so that exit never hangs on it. */
  private static void close(EmbeddedKafka broker) {
    broker.closeWithin(Duration.ofSeconds(20));
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.delete(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
