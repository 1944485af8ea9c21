package dev.streamgate.security;

import dev.streamgate.stream.ProblemException;
import java.util.Map;

/** The refusals of this package, with the headers their status codes call for. */
final class Problems {

  private Problems() {}

  /** 401 with the RFC 6750 challenge, so a client knows a bearer token is what is missing. */
  static ProblemException unauthorized(String detail) {
    return new ProblemException(
        401, "Unauthorized", detail, Map.of("WWW-Authenticate", "Bearer realm=\"streamgate\""));
  }

  /** 429 with Retry-After in whole seconds (at least one). */
  static ProblemException tooMany(String title, String detail, long retryAfterSeconds) {
    return new ProblemException(
        429, title, detail, Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
  }
}
