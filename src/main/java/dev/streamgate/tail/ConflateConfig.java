package dev.streamgate.tail;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Conflated streams ({@code conflate=<window>}, docs/api.md#conflation): their groups on a topic's
 * reader, the bound of every fold (a group's open window, a stream's catch-up, a slow stream's
 * merged batches) and how many closed batches a group keeps for streams that have not taken them.
 *
 * <p>Declared here, next to the readers that compute the batches; the streams read the same bounds
 * from their group.
 */
@ConfigMapping(prefix = "streamgate.conflate")
public interface ConflateConfig {

  /**
   * Most conflation groups (distinct window, filter, projection, key and type filters) the streams
   * of one topic may use at once on a pod; each is folded once per record on the topic's reader
   * thread. A stream that would add one more is refused with 503 and Retry-After before it opens;
   * streams that share a group already in use are not.
   */
  @WithDefault("16")
  int maxPerTopic();

  /**
   * Most records a fold holds before it is sent: one per key and each record without a key. A
   * group's window that outgrows it closes its batch early (the next batch continues in the same
   * window); a stream's catch-up or rebuilt batch that outgrows it is sent in parts without a batch
   * end between them (a key may then come once per part before {@code caught-up}); a slow stream's
   * merge stops there and sends what it merged as one batch, then merges the rest. Each batch stays
   * exact at its end.
   */
  @WithDefault("100000")
  int maxPendingRecords();

  /**
   * Most bytes (keys, values and about 100 bytes each) a fold holds before it is sent; beyond it,
   * as for {@link #maxPendingRecords()}.
   */
  @WithDefault("16777216")
  long maxPendingBytes();

  /**
   * Bytes of closed batches a group keeps for its streams that have not taken them yet (slow
   * clients, whose pending batches merge when they write again). Overflow policy: the oldest
   * batches are dropped, the newest is always kept; a stream whose next batch was dropped rebuilds
   * it from the topic's window (exact), or, when the window no longer holds its position, from
   * Kafka, or, if its connection has not taken a write for {@code slow-client-timeout}, is closed
   * after its last complete event ({@code fell-behind}; its reconnect gets the state, exact).
   */
  @WithDefault("8388608")
  long batchLogBytes();
}
