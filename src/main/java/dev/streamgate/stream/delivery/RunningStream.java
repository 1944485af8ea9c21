package dev.streamgate.stream.delivery;

import dev.streamgate.stream.loop.StreamClock;
import java.util.concurrent.CompletableFuture;

/**
 * A client stream as the pod holds it while it runs: the clock ticks it, the drain hands it over,
 * an operator asks its progress or revokes it, and its lease reads what it wrote when it ends.
 * {@link ClientStream} is the one implementation; the pod sees no more of it than this.
 *
 * <p>Threads: any thread may call these methods. {@link #tick}, {@link #handOver}, {@link #inspect}
 * and {@link #revoke} only raise a flag and signal the stream, whose event loop answers; {@link
 * #events} and {@link #bytes} are read by its lease on that event loop, when it ends.
 */
public interface RunningStream extends StreamClock.Tickable {

  /** This stream's progress, read on its event loop; null when it has ended. */
  CompletableFuture<StreamProgress> inspect();

  /**
   * Closes the stream after a {@code revoked} event that carries its final id. Completes when the
   * stream has ended: true when the revocation ended it.
   */
  CompletableFuture<Boolean> revoke(String reason);

  /** Record events written so far (its event loop). */
  long events();

  /** Bytes written so far (its event loop). */
  long bytes();
}
