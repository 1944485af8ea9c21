package dev.streamgate.stream;

import dev.streamgate.tail.KafkaUnavailableException;
import dev.streamgate.tail.UnknownTopicsException;
import io.vertx.core.http.HttpServerResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Errors as problem JSON ({@code application/problem+json}, RFC 9457): a title and a detail a
 * person can act on, never a stack trace. Used by the stream route before any stream byte is
 * written.
 */
final class Problems {

  private static final Logger LOG = Logger.getLogger(Problems.class);
  static final String PROBLEM_JSON = "application/problem+json";

  private Problems() {}

  /** One answer: status, extra headers, body. */
  record Problem(int status, Map<String, String> headers, String body) {}

  static Problem of(Throwable failure) {
    if (failure instanceof ProblemException e) {
      return problem(e.status(), e.title(), e.getMessage(), e.headers());
    }
    if (failure instanceof UnknownTopicsException e) {
      return problem(
          404, "Unknown topic", "No such topic: " + String.join(", ", e.topics()), Map.of());
    }
    if (failure instanceof KafkaUnavailableException e) {
      LOG.warnf("Kafka unavailable while answering a request: %s", e.getMessage());
      return problem(
          503,
          "Kafka unavailable",
          "Kafka did not answer in time; retry shortly",
          Map.of("Retry-After", "5"));
    }
    LOG.errorf(failure, "Unexpected error while answering a request");
    return problem(500, "Internal error", "The request failed on our side; retry later", Map.of());
  }

  static void send(HttpServerResponse response, Throwable failure) {
    Problem problem = of(failure);
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(problem.status()).putHeader("Content-Type", PROBLEM_JSON);
    problem.headers().forEach(response::putHeader);
    response.end(problem.body());
  }

  static Problem problem(int status, String title, String detail, Map<String, String> headers) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    return new Problem(status, headers, ControlJson.write(body));
  }
}
