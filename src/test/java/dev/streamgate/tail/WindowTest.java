package dev.streamgate.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The window's ring grows to its record bound and drops what it evicts at once. */
class WindowTest {

  @Test
  void theRingGrowsWhileReadersReadAndTheyMissNothing() throws Exception {
    int records = Window.INITIAL_SLOTS * 8 + 17;
    Window window = new Window(new long[] {0, 0}, records, Long.MAX_VALUE);
    WindowReader before = window.join(new long[] {0, 0});
    List<Long> concurrent = new ArrayList<>();
    AtomicBoolean appending = new AtomicBoolean(true);
    WindowReader racing = window.join(new long[] {0, 0});
    Thread reader =
        new Thread(
            () -> {
              while (appending.get() || !racing.atEnd()) {
                WindowEntry entry = racing.poll();
                if (entry != null) {
                  concurrent.add(entry.seq());
                }
                assertThat(racing.fellBehind()).isFalse();
              }
            });
    reader.start();
    for (int i = 0; i < records; i++) {
      window.append(record(i % 2, i / 2), "id" + i);
    }
    appending.set(false);
    reader.join(30_000);
    assertThat(window.size()).isEqualTo(records);
    assertThat(concurrent).hasSize(records);
    for (int i = 0; i < records; i++) {
      assertThat(concurrent.get(i)).isEqualTo(i);
      WindowEntry entry = before.poll();
      assertThat(entry.seq()).isEqualTo(i);
      assertThat(entry.sharedId()).isEqualTo("id" + i);
    }
    assertThat(before.poll()).isNull();
    assertThat(before.fellBehind()).isFalse();
  }

  @Test
  void theByteBoundEvictsAndReleasesTheOldestEntries() {
    ConsumerRecord<byte[], byte[]> sample = record(0, 0);
    long perEntry = new WindowEntry(0, sample, "id").bytes();
    Window window = new Window(new long[] {0}, 1_000_000, perEntry * 10);
    for (int i = 0; i < 25; i++) {
      window.append(record(0, i), "id");
    }
    assertThat(window.size()).isEqualTo(10);
    assertThat(window.bytes()).isLessThanOrEqualTo(perEntry * 10);
    for (long seq = 0; seq < 15; seq++) {
      assertThat(window.get(seq)).isNull();
    }
    assertThat(window.get(15).offset()).isEqualTo(15);
    assertThat(window.join(new long[] {14})).isNull();
    assertThat(window.join(new long[] {15})).isNotNull();
  }

  private static ConsumerRecord<byte[], byte[]> record(int partition, long offset) {
    return new ConsumerRecord<>("t", partition, offset, null, new byte[16]);
  }
}
