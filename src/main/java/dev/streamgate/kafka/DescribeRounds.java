package dev.streamgate.kafka;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Shares Kafka metadata requests between streams that open at the same time. A caller's answer
 * always comes from a request sent after the caller arrived (so a topic deleted or recreated before
 * a client reconnected is seen, exactly as with a request of its own), but all callers that arrive
 * while a request is in flight share the next one: during a reconnect storm the number of requests
 * grows with the storm's duration in round trips, not with its number of clients.
 *
 * <p>Blocking; callers are worker threads. At most one request is in flight.
 */
public final class DescribeRounds<V> {

  private final Function<Set<String>, Map<String, V>> describe;
  private Round<V> open;
  private boolean sending;

  /**
   * @param describe one blocking request for these topics; deleted topics are absent from its map
   */
  DescribeRounds(Function<Set<String>, Map<String, V>> describe) {
    this.describe = describe;
  }

  private static final class Round<V> {
    final Set<String> topics = new HashSet<>();
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

  /** The answer for {@code topics} from a request sent after this call began. */
  public Map<String, V> describe(Set<String> topics) {
    Round<V> mine;
    synchronized (this) {
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
    }
    try {
      mine.answer = describe.apply(Set.copyOf(mine.topics));
    } catch (RuntimeException e) {
      mine.failure = e;
    }
    synchronized (this) {
      mine.done = true;
      sending = false;
      notifyAll();
    }
    return mine.result();
  }
}
