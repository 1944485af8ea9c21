package dev.streamgate.problem;

import java.util.Map;

/**
 * An error a client caused or can retry, answered as {@code application/problem+json} (RFC 9457)
 * before any stream byte is written. The message is the problem's detail, shown to the client; a
 * cause, if any, is only logged.
 */
public class ProblemException extends RuntimeException {

  private final int status;
  private final String title;
  private final Map<String, String> headers;

  public ProblemException(int status, String title, String detail, Map<String, String> headers) {
    this(status, title, detail, headers, null);
  }

  public ProblemException(
      int status, String title, String detail, Map<String, String> headers, Throwable cause) {
    super(detail, cause);
    this.status = status;
    this.title = title;
    this.headers = Map.copyOf(headers);
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

  /**
   * What the log says about this problem: the detail, and the cause's message when there is one.
   */
  public String reason() {
    Throwable cause = getCause();
    return cause == null ? getMessage() : getMessage() + " (" + cause.getMessage() + ")";
  }
}
