package dev.streamgate.registry;

/**
 * A registry request that got no usable answer. {@link Kind#UNAVAILABLE} is the only retryable
 * kind; the others are the registry's final word.
 */
public final class RegistryException extends Exception {

  /** What went wrong. */
  public enum Kind {
    /** 404: the id, subject or version does not exist ({@code error_code} 40403, 40401, 40402). */
    NOT_FOUND,
    /** No answer, or one that says "later": connection failure, timeout, 5xx, 408, 429. */
    UNAVAILABLE,
    /** Another 4xx, such as 401 or 403 (wrong credentials): asking again will not help. */
    REFUSED,
    /** A 2xx whose body is not the documented JSON, or is too large. */
    BAD_ANSWER
  }

  private final Kind kind;

  public RegistryException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** The retry predicate: only an unavailable registry is asked again. */
  public boolean retryable() {
    return kind == Kind.UNAVAILABLE;
  }
}
