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
  private final boolean logged;

  public ProblemException(int status, String title, String detail, Map<String, String> headers) {
    this(status, title, detail, headers, null);
  }

  public ProblemException(
      int status, String title, String detail, Map<String, String> headers, Throwable cause) {
    this(status, title, detail, headers, cause, true);
  }

  private ProblemException(
      int status,
      String title,
      String detail,
      Map<String, String> headers,
      Throwable cause,
      boolean logged) {
    super(detail, cause);
    this.status = status;
    this.title = title;
    this.headers = Map.copyOf(headers);
    this.logged = logged;
  }

  /**
   * A server-side problem that is not logged at each answer, because its cause is a state of the
   * pod logged once when it begins and ends (a saturated pod refuses thousands of requests).
   */
  public static ProblemException unlogged(
      int status, String title, String detail, Map<String, String> headers) {
    return new ProblemException(status, title, detail, headers, null, false);
  }

  /**
   * Whether answering it logs it (a 5xx problem is logged at WARN unless made {@link #unlogged}).
   */
  public boolean logged() {
    return logged;
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
