package dev.streamgate.tail;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * {@code from=snapshot}: the per-topic latest-by-key tables and their bounds.
 *
 * <p>The latest-by-key tables that serve {@code from=snapshot}: one per topic per pod, built by one
 * read of the topic when its first snapshot client comes, then kept current by the topic's reader
 * and shared by every snapshot client. A table holds every live key of its topic in the heap: size
 * the heap for the snapshot topics' keys and values plus about 160 bytes per key
 * (docs/operations.md). Above a bound, snapshot requests are refused with 503 before the stream.
 */
@ConfigMapping(prefix = "streamgate.snapshot")
public interface SnapshotConfig {

  /**
   * Most keys one topic's table may hold. A topic with more live keys is refused {@code
   * from=snapshot} (503, problem JSON) and its table freed, so one huge topic cannot fill the heap;
   * {@code from=latest} and {@code from=earliest} still serve it.
   */
  @WithDefault("1000000")
  int maxKeys();

  /**
   * Most heap bytes one topic's table may hold, counted as its keys and values plus 160 bytes per
   * key. Above it, as above {@link #maxKeys()}.
   */
  @WithDefault("268435456")
  long maxBytes();

  /**
   * How long a table is kept after the last snapshot request of its topic. While kept, the topic's
   * reader folds every new record into it (one map update per record); after it, the table is
   * dropped and the next snapshot request builds it again (one read of the topic). A table also
   * goes when its topic's reader stops ({@code streamgate.tail.linger}).
   */
  @WithDefault("10m")
  Duration keep();

  /**
   * How long a snapshot request waits for its topic's table to be built (on the open pool, never an
   * event loop). A build that takes longer is abandoned and its requests answered 503 with {@code
   * Retry-After}.
   */
  @WithDefault("60s")
  Duration buildTimeout();

  /**
   * Threads that build tables, each reading one topic from its earliest offsets with its own
   * consumer. More topics asked for at once wait in the pool's queue (one build per topic).
   */
  @WithDefault("1")
  int buildThreads();

  /**
   * How long a view of a table (its keys as of a position) is reused by the snapshot requests that
   * follow. Each view is a copy of the table's references (8 bytes per key); reusing it bounds
   * those copies to one per this period per topic, whatever the number of clients. The records
   * after the view's position come live, so reuse costs nothing in exactness.
   */
  @WithDefault("1s")
  Duration viewReuse();
}
