package dev.streamgate.stream;

import dev.streamgate.config.StreamgateConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Bounds the streams this pod serves at once. A request above the bound gets 429 with Retry-After
 * before any stream byte, so an overloaded pod sheds load instead of falling over.
 */
@ApplicationScoped
public class StreamSlots {

  private final int max;
  private final Semaphore slots;

  public StreamSlots(StreamgateConfig config) {
    this.max = config.stream().maxStreams();
    this.slots = new Semaphore(max);
  }

  /** Takes a slot or throws a 429 problem. */
  void acquire() {
    if (!slots.tryAcquire()) {
      throw new ProblemException(
          429,
          "Too many streams",
          "This instance serves its maximum of " + max + " streams; retry shortly",
          Map.of("Retry-After", "5"));
    }
  }

  void release() {
    slots.release();
  }

  /** Most streams served at once. */
  public int max() {
    return max;
  }

  /** Streams open now. */
  public int open() {
    return max - slots.availablePermits();
  }
}
