package dev.streamgate.bench;

import java.util.Arrays;

/**
 * One conflate-scenario client's key → value map, folded from what it receives: per key the
 * sequence of the latest value (the bench payload's s, from which {@link KeyRing} names the key),
 * and what would break the map: a value older than the one held (a regression) or the same one
 * again (a repeat). Exact when it equals the topic's fold ({@link TopicFold}). A conflated stream
 * sends at most one value per key per window, every record stream each one, and neither may go
 * back: the two variants fold into the same map.
 *
 * <p>Threads: owned by the client's event loop; compared by the main thread through {@link
 * SseClients#onEveryLoop}.
 */
final class KeyState {
  private final KeyRing ring;
  private final long[] latest;
  private long values;
  private long regressions;
  private long repeats;
  private long unknown;

  KeyState(KeyRing ring) {
    this.ring = ring;
    this.latest = new long[ring.keys()];
    Arrays.fill(latest, -1);
  }

  /** A value (the bench payload's partition and sequence). */
  void record(int p, long s) {
    values++;
    int k = ring.index(p, s);
    if (k < 0) {
      unknown++;
      return;
    }
    long held = latest[k];
    if (s < held) regressions++;
    else if (s == held) repeats++;
    else latest[k] = s;
  }

  /** Whether the map equals {@code fold} (per key the latest sequence, -1 for a key never written). */
  boolean equalsFold(long[] fold) {
    return Arrays.equals(latest, fold);
  }

  /** Keys whose value differs from {@code fold}'s. */
  int wrongKeys(long[] fold) {
    int wrong = 0;
    for (int k = 0; k < latest.length; k++) if (latest[k] != fold[k]) wrong++;
    return wrong;
  }

  long values() {
    return values;
  }

  long regressions() {
    return regressions;
  }

  long repeats() {
    return repeats;
  }

  long unknown() {
    return unknown;
  }
}
