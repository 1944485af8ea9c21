package dev.streamgate.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Errors as problem JSON ({@code application/problem+json}, RFC 9457): a title and a detail a
 * person can act on, never a stack trace. One place for every surface: the stream route writes them
 * with {@link #send}, the JAX-RS endpoints through {@link ProblemMapper}, and the factories here
 * give each status the headers it calls for.
 */
public final class Problems {

  private static final Logger LOG = Logger.getLogger(Problems.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The media type of every problem body. */
  public static final String PROBLEM_JSON = "application/problem+json";

  private Problems() {}

  /** One answer: status, extra headers, body. */
  public record Problem(int status, Map<String, String> headers, String body) {}

  /** 400: the request itself is wrong. */
  public static ProblemException badRequest(String title, String detail) {
    return new ProblemException(400, title, detail, Map.of());
  }

  /** 401 with the RFC 6750 challenge, so a client knows a bearer token is what is missing. */
  public static ProblemException unauthorized(String detail) {
    return new ProblemException(
        401, "Unauthorized", detail, Map.of("WWW-Authenticate", "Bearer realm=\"streamgate\""));
  }

  /** 429 with Retry-After in whole seconds (at least one). */
  public static ProblemException tooMany(String title, String detail, long retryAfterSeconds) {
    return new ProblemException(
        429, title, detail, Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
  }

  /**
   * The answer to {@code failure}: a {@link ProblemException} as it says (a 5xx one is logged once
   * at WARN with its cause, which the client never sees, unless its cause is logged elsewhere:
   * {@link ProblemException#unlogged}), anything else a fixed 500 logged with its stack trace.
   */
  public static Problem of(Throwable failure) {
    if (failure instanceof ProblemException e) {
      if (e.status() >= 500 && e.logged()) {
        LOG.warnf("%s while answering a request: %s", e.title(), e.reason());
      }
      return problem(e.status(), e.title(), e.getMessage(), e.headers());
    }
    LOG.errorf(failure, "Unexpected error while answering a request");
    return problem(500, "Internal error", "The request failed on our side; retry later", Map.of());
  }

  /** Answers a plain Vert.x request with the problem of {@code failure}, unless it has ended. */
  public static void send(HttpServerResponse response, Throwable failure) {
    Problem problem = of(failure);
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(problem.status()).putHeader("Content-Type", PROBLEM_JSON);
    problem.headers().forEach(response::putHeader);
    response.end(problem.body());
  }

  /** A problem body with {@code type} {@code about:blank}. */
  public static Problem problem(
      int status, String title, String detail, Map<String, String> headers) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    try {
      return new Problem(status, headers, JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
