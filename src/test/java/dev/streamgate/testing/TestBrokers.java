package dev.streamgate.testing;

import dev.streamgate.devkafka.EmbeddedKafka;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.testcontainers.DockerClientFactory;

/**
 * Chooses the tests' Kafka from the system property {@value #PROPERTY}: {@code embedded} (the
 * default: an in-JVM KRaft broker, no Docker) or {@code container} (Testcontainers, needs a Docker
 * engine). Every test class names {@link KafkaBrokerResource}, which starts the chosen one.
 */
public final class TestBrokers {

  public static final String PROPERTY = "streamgate.test.kafka";

  /** The broker implementations. */
  public enum Kind {
    EMBEDDED,
    CONTAINER
  }

  private TestBrokers() {}

  /**
   * The kind the system property asks for.
   *
   * @throws NoDockerException for {@code container} when no Docker engine is reachable
   * @throws IllegalArgumentException for an unknown value
   */
  public static Kind selected() {
    return select(System.getProperty(PROPERTY), TestBrokers::dockerAvailable);
  }

  static Kind select(String value, BooleanSupplier dockerAvailable) {
    String kind = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    switch (kind) {
      case "", "embedded":
        return Kind.EMBEDDED;
      case "container":
        if (!dockerAvailable.getAsBoolean()) {
          throw new NoDockerException(
              PROPERTY
                  + "=container needs a Docker engine, and none is reachable ("
                  + dockerDiagnosis()
                  + "). Run without Docker: ./mvnw verify (the default in-JVM Kafka broker).");
        }
        return Kind.CONTAINER;
      default:
        throw new IllegalArgumentException(
            PROPERTY
                + "="
                + value
                + " is not a test broker: use embedded (the default, in-JVM) or container"
                + " (Testcontainers, needs Docker).");
    }
  }

  /** Starts a broker of the given kind. */
  public static TestBroker start(Kind kind) {
    if (kind == Kind.CONTAINER) {
      return ContainerKafka.start();
    }
    EmbeddedKafka embedded = EmbeddedKafka.start(null);
    return new TestBroker() {
      @Override
      public String bootstrapServers() {
        return embedded.bootstrapServers();
      }

      @Override
      public void close() throws Exception {
        embedded.close();
      }
    };
  }

  /** Testcontainers' own check: DOCKER_HOST, ~/.testcontainers.properties, sockets, contexts. */
  static boolean dockerAvailable() {
    return DockerClientFactory.instance().isDockerAvailable();
  }

  private static String dockerDiagnosis() {
    String dockerHost = System.getenv("DOCKER_HOST");
    return "Testcontainers found no working Docker environment; DOCKER_HOST is "
        + (dockerHost == null || dockerHost.isBlank() ? "not set" : dockerHost);
  }

  /**
   * The container broker was asked for on a machine without Docker. Its message is the whole story,
   * so it carries no stack trace: build output shows one line.
   */
  public static final class NoDockerException extends IllegalStateException {

    NoDockerException(String message) {
      super(message, null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
