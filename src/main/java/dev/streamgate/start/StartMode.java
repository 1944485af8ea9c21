package dev.streamgate.start;

/** Where a stream that has no usable event id starts. */
public enum StartMode {
  /** The live head, resolved to real offsets at connect time. */
  LATEST,
  /** The earliest retained records. */
  EARLIEST,
  /** The first records at or after an instant ({@code since}). */
  SINCE
}
