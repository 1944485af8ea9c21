package dev.streamgate.tail;

/** {@link ConflateConfig} for tests without a container: the defaults, or chosen bounds. */
public record TestConflateConfig(
    int maxPerTopic, int maxPendingRecords, long maxPendingBytes, long batchLogBytes)
    implements ConflateConfig {

  /** The settings' defaults. */
  public static final TestConflateConfig DEFAULTS =
      new TestConflateConfig(16, 100_000, 16L << 20, 8L << 20);
}
