package dev.streamgate.stream;

import java.util.Map;

/**
 * An error a client caused or can retry, answered as {@code application/problem+json} (RFC 9457)
 * before any stream byte is written.
 */
public class ProblemException extends RuntimeException {

  private final int status;
  private final String title;
  private final Map<String, String> headers;

  public ProblemException(int status, String title, String detail, Map<String, String> headers) {
    super(detail);
    this.status = status;
    this.title = title;
    this.headers = Map.copyOf(headers);
  }

  static ProblemException badRequest(String title, String detail) {
    return new ProblemException(400, title, detail, Map.of());
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
