package dev.streamgate.stream;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/** Counts of how streams end, for tests and operators. */
@ApplicationScoped
public class StreamStats {

  private final AtomicLong fellBehind = new AtomicLong();
  private final AtomicLong expired = new AtomicLong();

  void streamFellBehind() {
    fellBehind.incrementAndGet();
  }

  void streamExpired() {
    expired.incrementAndGet();
  }

  /** Streams closed because their client fell out of the window (slow readers). */
  public long fellBehind() {
    return fellBehind.get();
  }

  /** Streams closed at the end of their maximum lifetime. */
  public long expired() {
    return expired.get();
  }
}
