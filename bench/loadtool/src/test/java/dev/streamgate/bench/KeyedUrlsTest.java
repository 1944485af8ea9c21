package dev.streamgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class KeyedUrlsTest {

  @Test
  void clientIGetsTheKeyOfLaneIModuloKeys() {
    IntFunction<String> t = KeyedUrls.targets("http://127.0.0.1:18090/streams/t?format=raw&key={key}", 40);
    assertEquals("/streams/t?format=raw&key=k0", t.apply(0));
    assertEquals("/streams/t?format=raw&key=k39", t.apply(39));
    assertEquals("/streams/t?format=raw&key=k1", t.apply(41));
    assertEquals("/sub/k7", KeyedUrls.targets("http://127.0.0.1:18093/sub/{key}", 40).apply(7));
    assertEquals("http://127.0.0.1:18093/sub/k0", KeyedUrls.any("http://127.0.0.1:18093/sub/{key}"));
  }

  @Test
  void withoutKeysEveryClientAsksForTheUrl() {
    assertNull(KeyedUrls.targets("http://127.0.0.1:18090/streams/t", 40));
    assertNull(KeyedUrls.targets("http://127.0.0.1:18090/streams/t?key={key}", 0));
  }

  @Test
  void aKeyedLaneGoesToItsPartitionWithItsKey() {
    assertEquals("k12", Producer.laneKey(12));
  }
}
