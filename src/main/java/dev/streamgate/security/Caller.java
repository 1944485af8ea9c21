package dev.streamgate.security;

import java.time.Instant;
import java.util.Optional;

/**
 * Who is asking, as far as topic access goes: the topics they may read and publish to (before the
 * service-wide allow-list), and when their credential stops being valid.
 *
 * @param authenticated whether a verified token identified the caller
 * @param subject the token's subject, for logs; empty when anonymous
 * @param read topics the caller may read
 * @param publish topics the caller may publish to
 * @param expiresAt when the token expires; a stream ends then. Empty: never
 * @param filter the CEL filter of the token's filter claim: every stream of the caller carries it,
 *     ANDed with the request's own. Empty: none
 */
public record Caller(
    boolean authenticated,
    Optional<String> subject,
    TopicPatterns read,
    TopicPatterns publish,
    Optional<Instant> expiresAt,
    Optional<String> filter) {

  /** A caller without a filter claim. */
  public Caller(
      boolean authenticated,
      Optional<String> subject,
      TopicPatterns read,
      TopicPatterns publish,
      Optional<Instant> expiresAt) {
    this(authenticated, subject, read, publish, expiresAt, Optional.empty());
  }

  /** The caller when JWT authorization is off: bounded by the allow-list only. */
  public static Caller unrestricted() {
    return new Caller(
        false, Optional.empty(), TopicPatterns.all(), TopicPatterns.all(), Optional.empty());
  }

  /** A caller without a token while JWT authorization is on. */
  public static Caller anonymous(TopicPatterns anonymousRead) {
    return new Caller(
        false, Optional.empty(), anonymousRead, TopicPatterns.none(), Optional.empty());
  }
}
