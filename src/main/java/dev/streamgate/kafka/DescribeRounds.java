package dev.streamgate.kafka;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Shares Kafka metadata requests between streams that open at the same time. A caller's answer
 * comes from a request sent at most {@code maxAge} before the caller arrived: the last answer when
 * it is that recent and asked for the caller's topics, else the next request, which all callers
 * that arrive while a request is in flight share. So during a reconnect storm the opens do not wait
 * for Kafka one round trip after another (before, with {@code maxAge} 0, 5,000 resumes waited in
 * some 700 rounds, holding the open threads), and a topic deleted or recreated more than {@code
 * maxAge} before a client reconnected is seen as surely as with a request of its own.
 *
 * <p>{@link #describe} blocks: its callers are worker threads. {@link #recent} does not. At most
 * one request is in flight.
 */
public final class DescribeRounds<V> {

  private final Function<Set<String>, Map<String, V>> describe;
  private final long maxAgeNanos;
  private final LongSupplier clock;
  private Round<V> open;
  private Round<V> last;
  private boolean sending;

  /**
   * A strict instance: every answer comes from a request sent after its caller arrived.
   *
   * @param describe one blocking request for these topics; deleted topics are absent from its map
   */
  DescribeRounds(Function<Set<String>, Map<String, V>> describe) {
    this(describe, 0, System::nanoTime);
  }

  /**
   * @param describe one blocking request for these topics; deleted topics are absent from its map
   * @param maxAgeNanos how long before a caller arrived its answer's request may have been sent
   * @param clock {@link System#nanoTime()} or a test's
   */
  DescribeRounds(
      Function<Set<String>, Map<String, V>> describe, long maxAgeNanos, LongSupplier clock) {
    this.describe = describe;
    this.maxAgeNanos = maxAgeNanos;
    this.clock = clock;
  }

  private static final class Round<V> {
    final Set<String> topics = new HashSet<>();
    long sentAt;
    Map<String, V> answer;
    RuntimeException failure;
    boolean done;

    Map<String, V> result() {
      if (failure != null) {
        throw failure;
      }
      return answer;
    }
  }

  /**
   * The last answer when it is recent enough for a caller arriving now and asked for {@code
   * topics}, else empty; never waits and never sends a request, so an event-loop thread may ask.
   * Always empty on a strict instance.
   */
  public Optional<Map<String, V>> recent(Set<String> topics) {
    long arrived = clock.getAsLong();
    synchronized (this) {
      return lastServes(arrived, topics) ? Optional.of(last.answer) : Optional.empty();
    }
  }

  /** Whether the last answer may serve a caller that arrived then and asks for these topics. */
  private boolean lastServes(long arrived, Set<String> topics) {
    return maxAgeNanos > 0
        && last != null
        && arrived - last.sentAt <= maxAgeNanos
        && last.topics.containsAll(topics);
  }

  /** The answer for {@code topics} from a request sent at most {@code maxAge} before this call. */
  public Map<String, V> describe(Set<String> topics) {
    Round<V> mine;
    long arrived = clock.getAsLong();
    synchronized (this) {
      if (lastServes(arrived, topics)) {
        return last.answer;
      }
      if (open == null) {
        open = new Round<>();
      }
      mine = open;
      mine.topics.addAll(topics);
      while (sending && !mine.done) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new KafkaUnavailableException("Interrupted while asking Kafka", e);
        }
      }
      if (mine.done) {
        return mine.result();
      }
      // Nothing in flight and this round not sent yet: this caller sends it for everyone in it.
      sending = true;
      open = null;
      mine.sentAt = clock.getAsLong();
    }
    try {
      mine.answer = describe.apply(Set.copyOf(mine.topics));
    } catch (RuntimeException e) {
      mine.failure = e;
    }
    synchronized (this) {
      mine.done = true;
      if (mine.failure == null) {
        last = mine;
      }
      sending = false;
      notifyAll();
    }
    return mine.result();
  }
}
