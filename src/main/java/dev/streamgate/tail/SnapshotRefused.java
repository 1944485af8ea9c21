package dev.streamgate.tail;

/**
 * A snapshot this pod cannot serve, said before the stream opens: the topic has more keys or bytes
 * than {@code streamgate.snapshot.max-keys} / {@code max-bytes} allow ({@link #tooLarge}), or its
 * table could not be built in time ({@code build-timeout}) or at all.
 */
public final class SnapshotRefused extends RuntimeException {

  private final boolean tooLarge;

  public SnapshotRefused(boolean tooLarge, String detail) {
    super(detail, null, false, false);
    this.tooLarge = tooLarge;
  }

  /** True when the topic is above the bounds, false when the table is (for now) unavailable. */
  public boolean tooLarge() {
    return tooLarge;
  }
}
