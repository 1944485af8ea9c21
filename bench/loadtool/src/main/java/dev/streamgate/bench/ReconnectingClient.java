package dev.streamgate.bench;

import java.util.concurrent.TimeUnit;

/**
 * A client that comes back by itself, as a browser's does with {@code streamgate.js}: when it loses
 * its stream (the server ended it, the connection dropped, or the open was refused or failed) it
 * reconnects with its last event id after the server's {@code Retry-After} when the refusal carried
 * one (a 503 or 429), else after the last {@code retry:} the stream sent ({@link #DEFAULT_RETRY_MILLIS}
 * when it sent none), and again until it is told to stop. A 404 or another final status stops it.
 * Every connect waits for a permit of the shared connect bound ({@link SseClients#tryAcquire}),
 * polling for one on its own loop.
 *
 * <p>Threads: scheduling and reconnecting happen on the client's loop; the counters are the
 * owner's, passed in.
 */
abstract class ReconnectingClient extends SseClients.Client {

  /** EventSource's usual reconnection time when the server sent no {@code retry:}. */
  static final long DEFAULT_RETRY_MILLIS = 3000;

  private final SseClients<?> owner;
  private final Counters counters;
  private volatile boolean stopped;
  private boolean scheduled; // loop-owned

  /** What the owner counts of every client's reconnects. */
  interface Counters {
    void disconnected(int status);

    void reconnecting(long delayMillis);
  }

  ReconnectingClient(SseClients<?> owner, int idx, Counters counters) {
    super(owner, idx);
    this.owner = owner;
    this.counters = counters;
  }

  /** No more reconnects (the run ends). */
  void stop() {
    stopped = true;
  }

  @Override
  void onDisconnected(int status, String retryAfter) {
    counters.disconnected(status);
    if (stopped || scheduled || (status >= 400 && status != 429 && status != 503)) {
      return;
    }
    long delay = delayMillis(retryAfter, parser.retryMillis());
    scheduled = true;
    counters.reconnecting(delay);
    loop.schedule(this::reconnect, delay, TimeUnit.MILLISECONDS);
  }

  private void reconnect() {
    if (stopped) {
      scheduled = false;
      return;
    }
    if (!owner.tryAcquire()) {
      loop.schedule(this::reconnect, 20, TimeUnit.MILLISECONDS);
      return;
    }
    scheduled = false;
    resumeId = parser.lastEventId();
    owner.open(this);
  }

  /**
   * The wait before reconnecting: Retry-After's whole seconds when given, else the stream's last
   * {@code retry:}, else {@link #DEFAULT_RETRY_MILLIS}.
   */
  static long delayMillis(String retryAfter, long retryMillis) {
    if (retryAfter != null) {
      try {
        return Math.max(0, Long.parseLong(retryAfter.trim())) * 1000;
      } catch (NumberFormatException e) {
        // an HTTP date: not sent by the systems under test; fall back to retry
      }
    }
    return retryMillis >= 0 ? retryMillis : DEFAULT_RETRY_MILLIS;
  }
}
