package dev.streamgate.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.IllegalSaslStateException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.Test;

/**
 * The detail a client sees names what Kafka said, from Kafka's own exception types, wherever they
 * sit in the cause chain; a timeout stays "did not answer". The real-broker case is {@link
 * KafkaCredentialsTest}.
 */
class KafkaUnavailableExceptionTest {

  @Test
  void refusedCredentialsAreNamedWithoutKafkasMessage() {
    var refused =
        new KafkaUnavailableException(
            "Kafka look-up failed",
            new ExecutionException(
                new SaslAuthenticationException(
                    "Authentication failed: Invalid username or password for user-7")));
    assertThat(refused.getMessage()).isEqualTo(KafkaUnavailableException.CREDENTIALS_REFUSED);
    assertThat(refused.getMessage()).doesNotContain("user-7");
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.reason()).contains("Kafka look-up failed");
    assertThat(KafkaUnavailableException.detail(new IllegalSaslStateException("state")))
        .isEqualTo(KafkaUnavailableException.CREDENTIALS_REFUSED);
  }

  @Test
  void aFailedTlsHandshakeIsNamed() {
    assertThat(
            KafkaUnavailableException.detail(
                new RuntimeException(new SslAuthenticationException("PKIX path building failed"))))
        .isEqualTo(KafkaUnavailableException.TLS_FAILED);
  }

  @Test
  void anythingElseIsNoAnswer() {
    assertThat(KafkaUnavailableException.detail(new TimeoutException("2s")))
        .isEqualTo(KafkaUnavailableException.NO_ANSWER);
    assertThat(KafkaUnavailableException.detail(null))
        .isEqualTo(KafkaUnavailableException.NO_ANSWER);
  }
}
