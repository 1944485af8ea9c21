package dev.streamgate.cursor;

/**
 * A 32-bit fingerprint of a Kafka topic id, carried in every cursor.
 *
 * <p>Why: a topic can be deleted and recreated under the same name, and the new topic's offsets
 * restart from zero. A cursor from the old topic must not be applied to the new one as if nothing
 * happened. Kafka gives every topic a UUID; the full 16 bytes per topic would bloat every event id,
 * while 4 well-mixed bytes make an accidental match with the recreated topic a 1 in 4 billion
 * chance, which is plenty for telling "same topic" from "recreated topic".
 */
public final class TopicFingerprint {

  private TopicFingerprint() {}

  /**
   * 32-bit fingerprint of a Kafka topic id (a UUID given as its two longs); detects a deleted and
   * recreated topic. Every input bit affects every output bit (MurmurHash3's fmix64 applied to both
   * halves, then folded to 32 bits).
   */
  public static int of(long mostSignificantBits, long leastSignificantBits) {
    long h = fmix64(mostSignificantBits);
    h = fmix64(h ^ Long.rotateLeft(leastSignificantBits, 31) ^ 0x9E3779B97F4A7C15L);
    return (int) (h ^ (h >>> 32));
  }

  /** MurmurHash3's 64-bit finalizer: a bijection with full avalanche. */
  private static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb93fe53ec86bL;
    k ^= k >>> 33;
    return k;
  }
}
