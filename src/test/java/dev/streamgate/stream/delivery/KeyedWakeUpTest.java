package dev.streamgate.stream.delivery;

import static dev.streamgate.stream.delivery.StreamCoreFixture.texts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.tail.TestTails;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.core.buffer.Buffer;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A stream with a key filter, over a real never-started topic reader: once caught up it is woken
 * only by records with its key, by the reader's sweep (so it never falls out of the window into a
 * needless catch-up: these tests' lease refuses catch-up readers) and when the reader retires; it
 * delivers exactly its records with exact ids.
 */
class KeyedWakeUpTest {

  @Test
  void aCaughtUpKeyedStreamIsWokenOnlyByItsKeys() {
    StreamCoreFixture f = StreamCoreFixture.filtered("mine");
    AssertSubscriber<Buffer> client = f.subscribe();
    client.request(10);
    assertThat(texts(client)).as("the opening and caught-up").hasSize(1);
    int turns = f.turns.get();
    for (int i = 0; i < 100; i++) {
      f.append("other", "o" + i);
    }
    assertThat(f.turns).as("records of another key do not wake it").hasValue(turns);
    f.append("mine", "m");
    assertThat(f.turns).as("its key wakes it once").hasValue(turns + 1);
    assertThat(texts(client)).hasSize(2);
    assertThat(texts(client).get(1)).contains("id: " + f.id(101)).contains("data: m\n");
  }

  @Test
  void theSweepKeepsAStreamThatTakesNothingInsideTheWindow() {
    // a window of 40 records: the reader sweeps its keyed streams every 10
    StreamCoreFixture f =
        new StreamCoreFixture(
            new RecordFilter(Set.of("mine"), Set.of()), 64 * 1024, 40, Long.MAX_VALUE);
    AssertSubscriber<Buffer> client = f.subscribe();
    client.request(10);
    int turns = f.turns.get();
    for (int i = 0; i < 400; i++) {
      f.append("other", "o" + i);
    }
    assertThat(f.turns.get() - turns).as("one wake-up per sweep").isEqualTo(40);
    f.append("mine", "m");
    assertThat(texts(client)).hasSize(2);
    assertThat(texts(client).get(1)).contains("id: " + f.id(401)).contains("data: m\n");
  }

  @Test
  void aKeyedStreamWithoutDemandTakesItsRecordsWhenItAsksAgain() {
    StreamCoreFixture f = StreamCoreFixture.filtered("mine");
    AssertSubscriber<Buffer> client = f.subscribe();
    client.request(1);
    f.append("mine", "m1");
    f.append("other", "o");
    f.append("mine", "m2");
    assertThat(texts(client)).hasSize(1);
    client.request(5);
    assertThat(texts(client)).hasSize(2);
    assertThat(texts(client).get(1)).contains("data: m1\n").contains("data: m2\n");
    assertThat(texts(client).get(1)).contains("id: " + f.id(3));
  }

  @Test
  void aRetiredReaderWakesItsKeyedStreamsToEnd() {
    StreamCoreFixture f = StreamCoreFixture.filtered("mine");
    AssertSubscriber<Buffer> client = f.subscribe();
    client.request(5);
    f.append("other", "o");
    TestTails.retire(f.tail);
    client.assertCompleted();
    assertThat(String.join("", texts(client))).contains("id: " + f.id(1));
    assertThat(f.lease.released).containsExactly(CloseReason.TOPIC_CHANGED);
  }
}
