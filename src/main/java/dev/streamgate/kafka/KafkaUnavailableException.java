package dev.streamgate.kafka;

import dev.streamgate.problem.ProblemException;
import java.util.Map;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Kafka did not answer a look-up, or refused Streamgate's connection; the request may be retried:
 * 503 with Retry-After. The detail names the cause when Kafka said it (its credentials refused, its
 * TLS handshake failed), so that the caller and the operator see the same story as readiness and
 * the log; it never carries Kafka's own message, the user name or anything from the settings. What
 * went wrong in full is logged, never shown to the client.
 */
public class KafkaUnavailableException extends ProblemException {

  static final String NO_ANSWER = "Kafka did not answer in time; retry shortly";

  static final String CREDENTIALS_REFUSED =
      "Kafka refused Streamgate's credentials (SASL authentication failed); an operator must"
          + " check the Kafka user and password Streamgate is given (kafka.sasl.jaas.config,"
          + " kafka.sasl.mechanism)";

  static final String TLS_FAILED =
      "Streamgate's TLS handshake with Kafka failed (SSL authentication failed); an operator must"
          + " check the cluster CA Streamgate trusts (kafka.ssl.truststore.*) and the bootstrap"
          + " address";

  public KafkaUnavailableException(String message, Throwable cause) {
    super(
        503,
        "Kafka unavailable",
        detail(cause),
        Map.of("Retry-After", "5"),
        new KafkaLookupFailure(message, cause));
  }

  /**
   * What the client is told: the cause Kafka gave when it refused the connection, else no answer.
   */
  static String detail(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SslAuthenticationException) {
        return TLS_FAILED;
      }
      if (t instanceof AuthenticationException) {
        return CREDENTIALS_REFUSED;
      }
    }
    return NO_ANSWER;
  }

  /** The look-up's own failure, kept as the cause for the log. */
  private static final class KafkaLookupFailure extends RuntimeException {
    KafkaLookupFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
