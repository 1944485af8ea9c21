package dev.streamgate.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyRingTest {

  private final KeyRing ring = new KeyRing(100, 3);

  @Test
  void everyKeyLivesInOnePartitionAndEveryKeyIsUsed() {
    Map<Integer, Integer> partitionOf = new HashMap<>();
    for (int p = 0; p < 3; p++) {
      for (long s = 0; s < 1000; s++) {
        int k = ring.index(p, s);
        assertTrue(k >= 0 && k < 100, "key " + k);
        Integer before = partitionOf.putIfAbsent(k, p);
        assertTrue(before == null || before == p, "key " + k + " in partitions " + before + " and " + p);
      }
    }
    assertEquals(100, partitionOf.size());
  }

  @Test
  void aPartitionCyclesThroughItsKeysSoEachChangesAtTheSameRate() {
    Set<Integer> firstRound = new HashSet<>();
    for (long s = 0; s < 34; s++) firstRound.add(ring.index(0, s)); // partition 0 holds 34 of 100 keys
    assertEquals(34, firstRound.size());
    assertEquals(ring.index(0, 0), ring.index(0, 34));
    assertEquals(ring.index(1, 5), ring.index(1, 5 + 33));
  }

  @Test
  void theKafkaKeyNamesTheIndexAndParsesBack() {
    assertEquals("k97", new String(ring.key(1, 32), StandardCharsets.US_ASCII));
    for (int k = 0; k < 100; k++) assertEquals(k, ring.parse(KeyRing.name(k)));
    assertEquals(-1, ring.parse("k100".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(-1, ring.parse("x1".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(-1, ring.parse(null));
    assertEquals(-1, ring.index(3, 0));
  }

  @Test
  void theProductionsFoldIsEachKeysLastSequence() {
    KeyRing small = new KeyRing(5, 2); // partition 0: keys 0, 2, 4; partition 1: keys 1, 3
    long[] fold = small.foldOf(new long[] {7, 1});
    // partition 0 wrote s 0..6: s 4 -> key 2 (4 % 3 = 1), s 5 -> key 4, s 6 -> key 0; partition 1 wrote s 0 only
    assertArrayEquals(new long[] {6, 0, 4, -1, 5}, fold);
  }

  @Test
  void theVariantIsTheStreamsConflateParameter() {
    assertEquals("250ms", ConflateCommand.window(URI.create("http://h:1/streams/t?conflate=250ms")));
    assertEquals("1s", ConflateCommand.window(URI.create("http://h:1/streams/t?format=raw&conflate=1s")));
    assertEquals("off", ConflateCommand.window(URI.create("http://h:1/streams/t")));
  }
}
