package dev.streamgate.conflate;

/**
 * One record as conflation sees it: its key (null for a record without one), its place in its
 * partition, its place in the merged order of the pod that read it, whether it is a tombstone, what
 * it weighs, and what the caller carries with it (a window entry, a catch-up record).
 *
 * @param key the record's key, or null: such a record is not conflated
 * @param order its place in the reader's merged order (a window's sequence number)
 * @param bytes what holding it costs, for the bounds of a {@link Fold}
 */
public record Change<T>(
    byte[] key, int partition, long offset, long order, boolean tombstone, long bytes, T item) {

  /** Heap bytes counted per change besides its key and value. */
  public static final long OVERHEAD_BYTES = 96;

  /** The weight of a record with this key and value: both, and {@link #OVERHEAD_BYTES}. */
  public static long weigh(byte[] key, byte[] value) {
    return OVERHEAD_BYTES + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
  }
}
