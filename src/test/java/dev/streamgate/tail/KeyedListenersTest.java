package dev.streamgate.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The keyed wake-up rule's edges: its bounds, keys no filter takes, and a retired reader. */
class KeyedListenersTest {

  private final PhasedListeners listeners = new PhasedListeners(1);
  private final AtomicInteger keyed = new AtomicInteger();
  private final AtomicInteger unkeyed = new AtomicInteger();
  private final Runnable keyedSignal = keyed::incrementAndGet;

  KeyedListenersTest() {
    listeners.add(unkeyed::incrementAndGet);
    listeners.add(keyedSignal, Set.of("a"));
    listeners.settle(keyedSignal, true);
  }

  @Test
  void aRecordWithoutAKeyOrWithAKeyThatIsNotUtf8WakesNoKeyedStream() {
    listeners.appended(new ConsumerRecord<>("t", 0, 0, null, new byte[0]), 10);
    listeners.appended(new ConsumerRecord<>("t", 0, 1, new byte[] {(byte) 0xff}, new byte[0]), 10);
    listeners.run(1);
    assertThat(keyed).hasValue(0);
    assertThat(unkeyed).hasValue(1);
    listeners.appended(record("a"), 10);
    listeners.run(1);
    assertThat(keyed).hasValue(1);
    assertThat(listeners.keyedWakeUps()).isEqualTo(1);
    assertThat(listeners.unkeyedWakeUps()).isEqualTo(2);
  }

  @Test
  void pastTheBoundOfPendingKeysTheGroupOwesEveryKeyedStream() {
    for (int i = 0; i <= PhasedListeners.MAX_PENDING_KEYS; i++) {
      Runnable other = new AtomicInteger()::incrementAndGet; // a listener of its own
      listeners.add(other, Set.of("k" + i));
      listeners.settle(other, true);
      listeners.appended(record("k" + i), 10);
    }
    listeners.run(1);
    assertThat(keyed).as("woken though its key was not appended").hasValue(1);
  }

  @Test
  void aSweepWakesEveryKeyedStreamOncePerQuarterWindowOfRecordsOrBytes() {
    PhasedListeners small = new PhasedListeners(1, 40, 4_000);
    small.add(keyedSignal, Set.of("a"));
    small.settle(keyedSignal, true);
    for (int i = 0; i < 9; i++) {
      small.appended(record("b"), 10);
    }
    small.run(1);
    assertThat(keyed).as("9 records of 40").hasValue(0);
    small.appended(record("b"), 10);
    small.run(1);
    assertThat(keyed).as("a quarter of the records").hasValue(1);
    small.appended(record("b"), 1_000);
    small.run(1);
    assertThat(keyed).as("a quarter of the bytes").hasValue(2);
  }

  @Test
  void anUnsettledKeyedStreamIsWokenAtEveryWakeUpAndRemovedOnesNever() {
    listeners.settle(keyedSignal, false);
    listeners.run(1);
    assertThat(keyed).hasValue(1);
    listeners.remove(keyedSignal);
    listeners.appended(record("a"), 10);
    listeners.run(1);
    assertThat(keyed).hasValue(1);
    assertThat(listeners.size()).isEqualTo(1);
  }

  @Test
  void aRetiredReaderWakesEveryStream() {
    listeners.runAll();
    assertThat(keyed).hasValue(1);
    assertThat(unkeyed).hasValue(1);
  }

  private static ConsumerRecord<byte[], byte[]> record(String key) {
    return new ConsumerRecord<>("t", 0, 0, key.getBytes(StandardCharsets.UTF_8), new byte[0]);
  }
}
