package dev.streamgate.registry;

import java.time.Duration;

/**
 * Bounded retries with exponential backoff: {@code retries} retries after the first attempt,
 * waiting {@code backoff}, then twice that, … at most {@code maxBackoff}. Which failures are
 * retried is {@link RegistryException#retryable()}.
 */
public record RetryPolicy(int retries, Duration backoff, Duration maxBackoff) {

  public RetryPolicy {
    if (retries < 0 || backoff.isNegative() || maxBackoff.compareTo(backoff) < 0) {
      throw new IllegalArgumentException(
          "schema-registry: retries >= 0 and 0 <= backoff <= max-backoff");
    }
  }

  /** The wait before retry {@code retry} (1 for the first). */
  public Duration delay(int retry) {
    long millis = backoff.toMillis() << Math.min(retry - 1, 20);
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }
}
