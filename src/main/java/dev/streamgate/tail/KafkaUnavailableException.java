package dev.streamgate.tail;

/** Kafka did not answer a look-up in time; the request may be retried. */
public class KafkaUnavailableException extends RuntimeException {

  public KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
