package dev.streamgate.stream.delivery;

/**
 * Why a stream ended: the {@code reason} tag of {@code streamgate.streams.closed} and the {@code
 * outcome} of the stream's close log line.
 */
public enum CloseReason {
  /** The client closed the connection, or the HTTP layer cancelled the stream. */
  CLIENT_LEFT("client-left"),
  /** The stream reached its maximum lifetime and ended cleanly; the client resumes. */
  LIFETIME("lifetime"),
  /** The client fell out of the topic's window (a slow reader); it resumes through catch-up. */
  FELL_BEHIND("fell-behind"),
  /** The pod is stopping and handed the client to the others (graceful drain). */
  DRAIN("drain"),
  /** The topic was deleted, recreated or truncated under the stream; the reconnect is replanned. */
  TOPIC_CHANGED("topic-changed"),
  /** The caller's token expired; the client resumes with a fresh one from its last id. */
  TOKEN_EXPIRED("token-expired"),
  /** An operator closed the stream ({@code DELETE /admin/streams}); the client may resume. */
  REVOKED("revoked"),
  /** An unexpected error ended the stream; the client resumes from its last id. */
  ERROR("error");

  private final String tag;

  CloseReason(String tag) {
    this.tag = tag;
  }

  /** The reason as meters and log lines name it. */
  public String tag() {
    return tag;
  }
}
