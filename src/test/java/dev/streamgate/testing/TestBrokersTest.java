package dev.streamgate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamgate.testing.TestBrokers.Kind;
import dev.streamgate.testing.TestBrokers.NoDockerException;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/** Which Kafka the tests get, and the one line a run without Docker gets instead of a container. */
class TestBrokersTest {

  private static final BooleanSupplier NOT_ASKED =
      () -> {
        throw new AssertionError("Docker must not be consulted for the embedded broker");
      };

  /**
   * The broker this run asked for can start here. With {@code -Dstreamgate.test.kafka=container}
   * and no Docker, {@link TestBrokerPrecondition} makes this the only test of the run, and its
   * failure the one line of the build's summary.
   */
  @Test
  void theRequestedBrokerIsAvailable() {
    assertThat(TestBrokers.selected()).isNotNull();
  }

  @Test
  void embeddedIsTheDefaultAndNeedsNoDocker() {
    assertThat(TestBrokers.select(null, NOT_ASKED)).isEqualTo(Kind.EMBEDDED);
    assertThat(TestBrokers.select("", NOT_ASKED)).isEqualTo(Kind.EMBEDDED);
    assertThat(TestBrokers.select("embedded", NOT_ASKED)).isEqualTo(Kind.EMBEDDED);
    assertThat(TestBrokers.select(" Embedded ", NOT_ASKED)).isEqualTo(Kind.EMBEDDED);
  }

  @Test
  void containerIsChosenWhenDockerIsReachable() {
    assertThat(TestBrokers.select("container", () -> true)).isEqualTo(Kind.CONTAINER);
  }

  @Test
  void containerWithoutDockerFailsWithOneLineSayingHowToRunWithoutIt() {
    assertOneLineNoDocker(() -> TestBrokers.select("container", () -> false));
  }

  /** The same with this machine's real Docker check, so it holds on machines with and without. */
  @Test
  void containerOnThisMachine() {
    Logger testcontainers = Logger.getLogger("org.testcontainers");
    Level level = testcontainers.getLevel();
    // Without Docker, Testcontainers logs its whole search at ERROR: noise in a passing build.
    testcontainers.setLevel(Level.OFF);
    try {
      if (TestBrokers.dockerAvailable()) {
        assertThat(TestBrokers.select("container", TestBrokers::dockerAvailable))
            .isEqualTo(Kind.CONTAINER);
      } else {
        assertOneLineNoDocker(() -> TestBrokers.select("container", TestBrokers::dockerAvailable));
      }
    } finally {
      testcontainers.setLevel(level);
    }
  }

  @Test
  void containerIsTheOfficialKafkaImageOfTheClientsVersion() {
    assertThat(ContainerKafka.IMAGE.getRepository()).isEqualTo("apache/kafka");
    assertThat(ContainerKafka.IMAGE.getVersionPart())
        .isEqualTo(AppInfoParser.getVersion())
        .matches("\\d+\\.\\d+\\.\\d+");
  }

  @Test
  void unknownValueIsRefusedWithTheChoices() {
    assertThatThrownBy(() -> TestBrokers.select("kraft", NOT_ASKED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "streamgate.test.kafka=kraft is not a test broker: use embedded (the default, in-JVM)"
                + " or container (Testcontainers, needs Docker).");
  }

  private static void assertOneLineNoDocker(Runnable selection) {
    assertThatThrownBy(selection::run)
        .isInstanceOf(NoDockerException.class)
        .hasNoCause()
        .hasMessageStartingWith(
            "streamgate.test.kafka=container needs a Docker engine, and none is reachable (")
        .hasMessageEndingWith(
            "). Run without Docker: ./mvnw verify (the default in-JVM Kafka broker).")
        .satisfies(
            e -> {
              assertThat(e.getMessage()).doesNotContain("\n", "\r");
              // Build output shows the message only: no stack to scroll past.
              assertThat(e.getStackTrace()).isEmpty();
            });
  }
}
