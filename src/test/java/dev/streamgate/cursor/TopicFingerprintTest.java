package dev.streamgate.cursor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TopicFingerprintTest {

  @Test
  void isDeterministic() {
    UUID id = UUID.fromString("4b3c2d1e-0f9a-4b8c-9d7e-6f5a4b3c2d1e");
    assertThat(TopicFingerprint.of(id.getMostSignificantBits(), id.getLeastSignificantBits()))
        .isEqualTo(TopicFingerprint.of(id.getMostSignificantBits(), id.getLeastSignificantBits()));
  }

  @Test
  void everySingleBitFlipChangesTheFingerprint() {
    long msb = 0x4b3c2d1e0f9a4b8cL;
    long lsb = 0x9d7e6f5a4b3c2d1eL;
    int base = TopicFingerprint.of(msb, lsb);
    for (int bit = 0; bit < 64; bit++) {
      assertThat(TopicFingerprint.of(msb ^ (1L << bit), lsb)).isNotEqualTo(base);
      assertThat(TopicFingerprint.of(msb, lsb ^ (1L << bit))).isNotEqualTo(base);
    }
  }

  @Test
  void halvesAreNotInterchangeable() {
    assertThat(TopicFingerprint.of(1, 2)).isNotEqualTo(TopicFingerprint.of(2, 1));
    assertThat(TopicFingerprint.of(7, 7)).isNotEqualTo(TopicFingerprint.of(0, 0));
  }

  @Test
  void randomIdsRarelyCollide() {
    SplittableRandom random = new SplittableRandom(1);
    Set<Integer> seen = new HashSet<>();
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      seen.add(TopicFingerprint.of(random.nextLong(), random.nextLong()));
    }
    // Birthday bound: about n^2 / 2^33 = 1.2 expected collisions.
    assertThat(n - seen.size()).isLessThan(10);
  }

  @Test
  void averagesHalfTheOutputBitsPerInputBit() {
    SplittableRandom random = new SplittableRandom(2);
    long changed = 0;
    int trials = 2000;
    for (int i = 0; i < trials; i++) {
      long msb = random.nextLong();
      long lsb = random.nextLong();
      int bit = random.nextInt(128);
      int a = TopicFingerprint.of(msb, lsb);
      int b =
          bit < 64
              ? TopicFingerprint.of(msb ^ (1L << bit), lsb)
              : TopicFingerprint.of(msb, lsb ^ (1L << (bit - 64)));
      changed += Integer.bitCount(a ^ b);
    }
    double average = (double) changed / trials;
    assertThat(average).isBetween(15.0, 17.0);
  }
}
