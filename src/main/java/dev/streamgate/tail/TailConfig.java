package dev.streamgate.tail;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Per-topic reader settings: the per-topic readers, their in-memory windows and the catch-up
 * readers.
 */
@ConfigMapping(prefix = "streamgate.tail")
public interface TailConfig {

  /**
   * Most records a catch-up reader hands to its stream per Kafka poll. This is the bound of the
   * only per-stream record buffer: the reader does not poll again until the client has taken them.
   */
  @WithDefault("500")
  int maxPollRecords();

  /**
   * How long a topic's reader keeps running after its last client left, so that reconnects (a
   * lifetime expiry, a flaky network) find the window still warm.
   */
  @WithDefault("30s")
  Duration linger();

  /**
   * Write batching by design: a topic's reader wakes each of its streams at most once per this many
   * microseconds per stream it wakes (up to {@link #wakeLingerMax()}). A topic that had nothing to
   * say for a whole linger is woken at once; on a busy one with many streams the records that
   * arrive within the linger share one socket write per stream instead of one write each, which was
   * most of the fan-out's CPU at low rates. 0 wakes the streams after every poll. Added latency is
   * at most the linger: with the defaults 6 ms for 100 streams, 60 ms for 1,000, 100 ms from 1,667
   * (docs/operations.md, "Latency or CPU: the write linger", gives the measured trade).
   */
  @WithDefault("60")
  int wakeLingerMicrosPerStream();

  /** The longest a reader holds a wake-up back, whatever its number of streams. */
  @WithDefault("100ms")
  Duration wakeLingerMax();

  /**
   * How many groups a busy topic's streams are woken in, each in its own slot of the linger (1 to
   * 32). Every stream still waits the full linger, but the writes leave in this many smaller rounds
   * instead of one round of every stream. Lingers shorter than 2 ms per group use one.
   */
  @WithDefault("8")
  int wakePhases();

  /**
   * Most records a topic's window holds; {@link #windowBytes()} is usually the bound that acts
   * first. Clients within the window are served from memory. A client that falls out of it (a burst
   * larger than the window) continues from a catch-up reader in place, or is closed after its last
   * id if its connection had stopped taking writes (a slow client). The window's ring starts small
   * and grows to this bound as records arrive.
   */
  @WithDefault("1000000")
  int windowRecords();

  /**
   * Most approximate heap bytes a topic's window holds: records, their ids and the one frame per
   * record most pods build. 64 MiB holds about 110,000 records of 128 bytes, so a burst of 100,000
   * events reaches every reading client from memory. Every topic with clients has its own window:
   * size the heap for the hot topics times this.
   */
  @WithDefault("67108864")
  long windowBytes();

  /**
   * Threads that read from Kafka for clients behind the window (old ids, {@code since}, {@code
   * from=earliest}). Each catching-up client holds its own consumer until it reaches the window;
   * more clients than threads take turns.
   */
  @WithDefault("4")
  int catchUpThreads();

  /**
   * How often the pod re-reads the metadata of the topics it reads. Partitions added to a topic are
   * then read from their start on open streams; a topic deleted or recreated retires its reader,
   * its clients end their streams, and their reconnects get a {@code reset} (or a 404 for a deleted
   * topic).
   */
  @WithDefault("5s")
  Duration metadataRefresh();
}
