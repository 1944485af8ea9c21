package dev.streamgate.start;

/** Where a stream that has no usable event id starts. */
public enum StartMode {
  /** The live head, resolved to real offsets at connect time. */
  LATEST,
  /** The earliest retained records. */
  EARLIEST,
  /** The first records at or after an instant ({@code since}). */
  SINCE,
  /**
   * The latest record of every key as of a position P, then the live records from P ({@code
   * from=snapshot}); resolved to the live head, P, by the topic's key table.
   */
  SNAPSHOT
}
