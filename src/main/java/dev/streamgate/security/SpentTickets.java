package dev.streamgate.security;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/**
 * The tickets this pod has seen used, each remembered until it expires (after which it opens
 * nothing anyway), so that a replay on this pod is refused.
 *
 * <p>Bounded: at most {@code capacity} live entries. Overflow policy: when full, a new ticket's use
 * is refused ({@link Outcome#FULL}, answered 503 with Retry-After until the oldest entry expires)
 * rather than an entry forgotten, which would let that ticket be replayed. Expired entries are
 * dropped on every call, oldest first, from a queue ordered by expiry.
 *
 * <p>Thread-safe: every method holds the instance's lock (calls come from the open pool's threads;
 * each costs a hash look-up and a heap insertion).
 */
final class SpentTickets {

  /** What {@link #spend} found. */
  enum Outcome {
    /** First use on this pod: go ahead. */
    FIRST,
    /** Already used on this pod. */
    REPLAYED,
    /** The store is full of live entries: refuse for now. */
    FULL
  }

  private record Entry(String id, long expiresAtMillis) {}

  private final int capacity;
  private final LongSupplier clock;
  private final Map<String, Long> spent = new HashMap<>();
  private final PriorityQueue<Entry> byExpiry =
      new PriorityQueue<>((a, b) -> Long.compare(a.expiresAtMillis, b.expiresAtMillis));

  SpentTickets(int capacity, LongSupplier clockMillis) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.capacity = capacity;
    this.clock = clockMillis;
  }

  /** Marks ticket {@code id}, valid until {@code expiresAtMillis}, as used. */
  synchronized Outcome spend(String id, long expiresAtMillis) {
    evictExpired();
    if (spent.containsKey(id)) {
      return Outcome.REPLAYED;
    }
    if (spent.size() >= capacity) {
      return Outcome.FULL;
    }
    spent.put(id, expiresAtMillis);
    byExpiry.add(new Entry(id, expiresAtMillis));
    return Outcome.FIRST;
  }

  /** Milliseconds until the oldest entry expires and frees a place; 0 when not full. */
  synchronized long millisUntilRoom() {
    evictExpired();
    if (spent.size() < capacity || byExpiry.isEmpty()) {
      return 0;
    }
    return Math.max(1, byExpiry.peek().expiresAtMillis - clock.getAsLong());
  }

  synchronized int size() {
    evictExpired();
    return spent.size();
  }

  private void evictExpired() {
    long now = clock.getAsLong();
    while (!byExpiry.isEmpty() && byExpiry.peek().expiresAtMillis < now) {
      spent.remove(byExpiry.poll().id);
    }
  }
}
