package dev.streamgate.kafka;

import dev.streamgate.problem.ProblemException;
import java.util.Map;

/**
 * Kafka did not answer a look-up in time; the request may be retried: 503 with Retry-After. What
 * went wrong is logged, never shown to the client.
 */
public class KafkaUnavailableException extends ProblemException {

  public KafkaUnavailableException(String message, Throwable cause) {
    super(
        503,
        "Kafka unavailable",
        "Kafka did not answer in time; retry shortly",
        Map.of("Retry-After", "5"),
        new KafkaLookupFailure(message, cause));
  }

  /** The look-up's own failure, kept as the cause for the log. */
  private static final class KafkaLookupFailure extends RuntimeException {
    KafkaLookupFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
