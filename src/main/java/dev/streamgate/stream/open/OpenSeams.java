package dev.streamgate.stream.open;

import dev.streamgate.kafka.TopicSnapshot;
import dev.streamgate.stream.delivery.StreamLease;
import dev.streamgate.tail.TailRegistry;
import dev.streamgate.tail.TopicTail;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The two steps of an open that tests reach through a seam, because no request makes them fail: an
 * {@link Open} acquires each topic's reader through {@code readers} and wraps the stream's lease
 * with {@code lease} before the stream is made around it. The pod's are {@link #of}: the {@link
 * TailRegistry}'s acquire and the lease as it is. A test puts a failing acquire in front of the
 * registry's, or a lease step that throws or counts, and checks what the open gives back.
 *
 * @param readers acquires the reader of a topic incarnation; {@link TailRegistry#release} gives it
 *     back
 * @param lease the stream's lease as the stream will hold it
 */
record OpenSeams(Function<TopicSnapshot, TopicTail> readers, UnaryOperator<StreamLease> lease) {

  /** The pod's own steps: the registry's readers, the lease unchanged. */
  static OpenSeams of(TailRegistry tails) {
    return new OpenSeams(tails::acquire, UnaryOperator.identity());
  }
}
