package dev.streamgate.security;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client address: each address may connect {@code burst} times at once and then
 * {@code perSecond} times a second. Pure logic with an injected clock.
 *
 * <p>Memory is bounded: at most {@code maxAddresses} buckets are kept. When the table is full,
 * buckets that have refilled completely (idle addresses, indistinguishable from new ones) are
 * dropped; if none can be dropped, a new address is refused as if its bucket were empty, so a flood
 * from many addresses cannot grow the heap.
 */
public final class ConnectRate {

  private final double perNano;
  private final double burst;
  private final int maxAddresses;
  private final LongSupplier clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  /**
   * @param perSecond tokens added per second; must be positive
   * @param burst bucket size; at least 1
   * @param maxAddresses most buckets kept
   * @param clock nanosecond clock ({@code System::nanoTime} in production)
   */
  public ConnectRate(double perSecond, int burst, int maxAddresses, LongSupplier clock) {
    if (!(perSecond > 0) || burst < 1 || maxAddresses < 1) {
      throw new IllegalArgumentException("rate and burst must be positive");
    }
    this.perNano = perSecond / 1e9;
    this.burst = burst;
    this.maxAddresses = maxAddresses;
    this.clock = clock;
  }

  /**
   * Takes a token for {@code address}.
   *
   * @return 0 when the connect may go ahead, else the nanoseconds until a token is available
   */
  public long tryAcquire(String address) {
    long now = clock.getAsLong();
    Bucket bucket = buckets.get(address);
    if (bucket == null) {
      if (buckets.size() >= maxAddresses && !evictIdle(now)) {
        return 1_000_000_000L;
      }
      bucket = buckets.computeIfAbsent(address, a -> new Bucket(burst, now));
    }
    synchronized (bucket) {
      bucket.refill(now, perNano, burst);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - bucket.tokens) / perNano);
    }
  }

  /** Addresses tracked now. */
  public int tracked() {
    return buckets.size();
  }

  private boolean evictIdle(long now) {
    boolean evicted = false;
    for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
      Bucket bucket = it.next();
      synchronized (bucket) {
        bucket.refill(now, perNano, burst);
        if (bucket.tokens >= burst) {
          it.remove();
          evicted = true;
        }
      }
    }
    return evicted;
  }

  private static final class Bucket {
    double tokens;
    long updated;

    Bucket(double tokens, long updated) {
      this.tokens = tokens;
      this.updated = updated;
    }

    void refill(long now, double perNano, double burst) {
      long elapsed = now - updated;
      if (elapsed > 0) {
        tokens = Math.min(burst, tokens + elapsed * perNano);
        updated = now;
      }
    }
  }
}
