package dev.streamgate.stream.pod;

import dev.streamgate.problem.ProblemException;
import dev.streamgate.security.LimitsConfig;
import dev.streamgate.stream.StreamConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the streams this pod serves at once, in total and per client address. A request above a
 * bound gets 429 with Retry-After before any stream byte, so an overloaded pod sheds load instead
 * of falling over, and one address cannot take all the slots.
 */
@ApplicationScoped
public class StreamSlots {

  private final int max;
  private final int perAddress;
  private final Semaphore slots;
  private final Map<String, Integer> byAddress = new ConcurrentHashMap<>();

  public StreamSlots(StreamConfig stream, LimitsConfig limits) {
    this.max = stream.maxStreams();
    this.perAddress = limits.maxStreamsPerAddress();
    this.slots = new Semaphore(max);
  }

  /** Takes a slot for a client at {@code address} or throws a 429 problem. */
  public void acquire(String address) {
    if (perAddress > 0) {
      AtomicBoolean taken = new AtomicBoolean();
      byAddress.compute(
          address,
          (a, n) -> {
            int open = n == null ? 0 : n;
            if (open >= perAddress) {
              return n;
            }
            taken.set(true);
            return open + 1;
          });
      if (!taken.get()) {
        throw new ProblemException(
            429,
            "Too many streams",
            "Your address has its maximum of " + perAddress + " open streams; close one first",
            Map.of("Retry-After", "5"));
      }
    }
    if (!slots.tryAcquire()) {
      releaseAddress(address);
      throw new ProblemException(
          429,
          "Too many streams",
          "This instance serves its maximum of " + max + " streams; retry shortly",
          Map.of("Retry-After", "5"));
    }
  }

  public void release(String address) {
    slots.release();
    releaseAddress(address);
  }

  private void releaseAddress(String address) {
    if (perAddress > 0) {
      byAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }
  }

  /** Most streams served at once. */
  public int max() {
    return max;
  }

  /** Streams open now. */
  public int open() {
    return max - slots.availablePermits();
  }

  /**
   * Streams open now from {@code address}, as far as the per-address bound counts them (0 when
   * off).
   */
  public int open(String address) {
    return byAddress.getOrDefault(address, 0);
  }
}
