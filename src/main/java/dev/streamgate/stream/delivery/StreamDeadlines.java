package dev.streamgate.stream.delivery;

import java.util.function.LongSupplier;

/**
 * A stream's deadlines: heartbeat, lifetime, token expiry (with its {@code token-expiring} notice
 * {@code expiry-notice} before), slow client, and the shutdown hand-over.
 *
 * <p>Threads: the clock thread ({@link #tick}) and the drain ({@link #handOver}) only raise the
 * volatile flags and then signal the stream; the stream's event loop reads them in its turn and
 * records writes ({@link #wrote}). The deadline is fixed at {@link #start}, before the stream is
 * registered with the clock.
 */
public final class StreamDeadlines {

  private final StreamSettings settings;
  private final LongSupplier nanoTime;
  private volatile long lastWrite;
  private volatile long deadline;
  private volatile boolean heartbeatDue;
  private volatile boolean expired;
  private volatile long handOverRetryMillis = -1;
  private volatile boolean credentialDeadline;
  private volatile long noticeAt;
  private volatile boolean noticeDue;
  private boolean noticeSent;

  public StreamDeadlines(StreamSettings settings, LongSupplier nanoTime) {
    this.settings = settings;
    this.nanoTime = nanoTime;
  }

  /** Starts the clocks: the lifetime, or the token's expiry when that comes first. */
  void start() {
    long now = nanoTime.getAsLong();
    lastWrite = now;
    long end = now + settings.lifetimeNanos();
    long credentialEnd = now + credentialNanos(settings.credentialExpiryEpochMillis());
    if (credentialEnd - end < 0) {
      // The caller's token expires first: end then, after the final id; the client resumes with a
      // new token.
      end = credentialEnd;
      credentialDeadline = true;
      // Never sooner than halfway to the expiry: a token shorter-lived than the notice would
      // otherwise be announced at every connect, and its client would reconnect without end.
      noticeAt = end - Math.min(settings.expiryNoticeNanos(), (end - now) / 2);
    }
    deadline = end;
  }

  /** Nanoseconds from now until the credential expires; about 292 years when it never does. */
  private static long credentialNanos(long expiryEpochMillis) {
    if (expiryEpochMillis == Long.MAX_VALUE) {
      return Long.MAX_VALUE / 2;
    }
    long millis = Math.max(0, expiryEpochMillis - System.currentTimeMillis());
    return Math.min(Long.MAX_VALUE / 2, millis * 1_000_000L);
  }

  /**
   * The clock's tick (clock thread).
   *
   * @param waiting the stream cannot write now: no demand, or waiting for the write budget
   * @return whether the stream needs a turn
   */
  boolean tick(long now, boolean waiting) {
    boolean signal = false;
    if (now - lastWrite >= settings.heartbeatNanos()) {
      heartbeatDue = true;
      signal = true;
    }
    if (now - deadline >= 0) {
      expired = true;
      signal = true;
    } else if (credentialDeadline && !noticeDue && now - noticeAt >= 0) {
      noticeDue = true;
      signal = true;
    }
    // nothing written this long: the turn checks whether the window moved past this client, or
    // whether the pod is short of write memory
    return signal || (waiting && stalled(now));
  }

  /** Ends the stream soon, telling the client to reconnect after {@code retryMillis}. */
  void handOver(long retryMillis) {
    handOverRetryMillis = retryMillis;
    expired = true;
  }

  /** A batch was written (event loop). */
  void wrote() {
    lastWrite = nanoTime.getAsLong();
    heartbeatDue = false;
  }

  /**
   * Whether the {@code token-expiring} notice is due now (event loop); true once per stream, and
   * only for a stream that ends at its caller's token expiry.
   */
  boolean takeExpiryNotice() {
    if (noticeDue && !noticeSent && !expired) {
      noticeSent = true;
      return true;
    }
    return false;
  }

  /** When the caller's token expires, in epoch milliseconds. */
  long credentialExpiryEpochMillis() {
    return settings.credentialExpiryEpochMillis();
  }

  boolean heartbeatDue() {
    return heartbeatDue;
  }

  boolean expired() {
    return expired;
  }

  /** The {@code retry:} of a hand-over, or -1. */
  long handOverRetryMillis() {
    return handOverRetryMillis;
  }

  /** Whether the connection has not taken a write for {@code slow-client-timeout}. */
  boolean stalled() {
    return stalled(nanoTime.getAsLong());
  }

  private boolean stalled(long now) {
    return now - lastWrite >= settings.slowClientNanos();
  }

  /** Why an expired stream closes. */
  CloseReason reason(boolean sourceEnded) {
    if (handOverRetryMillis >= 0) {
      return CloseReason.DRAIN;
    }
    if (sourceEnded) {
      return CloseReason.TOPIC_CHANGED;
    }
    return credentialDeadline ? CloseReason.TOKEN_EXPIRED : CloseReason.LIFETIME;
  }
}
