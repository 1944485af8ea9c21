package dev.streamgate.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The merged-order skip rule: exact delivery from any position, alignment exactly when dominated.
 */
class WindowReaderPropertiesTest {

  /** A window's content: start vector, merged-order entries, and a client position. */
  record Scenario(long[] start, List<long[]> entries, long[] client) {}

  @Provide
  Arbitrary<Scenario> scenarios() {
    return Arbitraries.integers()
        .between(1, 5)
        .flatMap(
            partitions ->
                Combinators.combine(
                        Arbitraries.longs().between(0, 50).array(long[].class).ofSize(partitions),
                        Arbitraries.integers().between(0, partitions - 1).list().ofMaxSize(60),
                        Arbitraries.integers().between(1, 3).list().ofSize(60),
                        Arbitraries.longs().between(0, 40).array(long[].class).ofSize(partitions))
                    .as(
                        (start, order, steps, clientAhead) -> {
                          long[] nextOffset = start.clone();
                          List<long[]> entries = new ArrayList<>();
                          for (int i = 0; i < order.size(); i++) {
                            int p = order.get(i);
                            long offset = nextOffset[p] + steps.get(i) - 1; // holes: compaction
                            entries.add(new long[] {p, offset});
                            nextOffset[p] = offset + 1;
                          }
                          long[] client = new long[partitions];
                          for (int p = 0; p < partitions; p++) {
                            client[p] = start[p] + clientAhead[p];
                          }
                          return new Scenario(start, entries, client);
                        }));
  }

  @Property(tries = 2000)
  void deliversExactlyTheEntriesAtOrAfterTheClientPositionAndAlignsWhenDominated(
      @ForAll("scenarios") Scenario s) {
    Window window = new Window(s.start(), 1000, Long.MAX_VALUE);
    WindowReader reader = window.join(s.client());
    assertThat(reader).isNotNull();
    for (long[] e : s.entries()) {
      window.append(new ConsumerRecord<>("t", (int) e[0], e[1], null, new byte[0]), "id");
    }

    List<long[]> expected = new ArrayList<>();
    for (long[] e : s.entries()) {
      if (e[1] >= s.client()[(int) e[0]]) {
        expected.add(e);
      }
    }
    long[] prefix = s.start().clone();
    int index = 0;
    List<long[]> delivered = new ArrayList<>();
    WindowEntry entry;
    boolean wasAligned = false;
    while ((entry = reader.poll()) != null) {
      delivered.add(new long[] {entry.partition(), entry.offset()});
      // replay the pod's prefix up to this entry
      while (index < s.entries().size()) {
        long[] e = s.entries().get(index++);
        prefix[(int) e[0]] = e[1] + 1;
        if (e[0] == entry.partition() && e[1] == entry.offset()) {
          break;
        }
      }
      boolean dominated = true;
      for (int p = 0; p < prefix.length; p++) {
        dominated &= prefix[p] >= s.client()[p];
      }
      assertThat(reader.aligned()).isEqualTo(dominated);
      assertThat(!wasAligned || reader.aligned()).as("alignment is never lost").isTrue();
      wasAligned = reader.aligned();
      assertThat(reader.next(entry.partition())).isEqualTo(entry.offset() + 1);
    }
    assertThat(delivered).containsExactlyElementsOf(expected);
    assertThat(reader.atEnd()).isTrue();
  }

  @Property(tries = 300)
  void aClientBehindTheWindowStartCannotJoin(@ForAll("scenarios") Scenario s) {
    Window window = new Window(s.start(), 1000, Long.MAX_VALUE);
    long[] behind = s.start().clone();
    int p = behind.length - 1;
    if (behind[p] == 0) {
      return;
    }
    behind[p]--;
    assertThat(window.join(behind)).isNull();
  }

  @Property(tries = 300)
  void evictionBeyondTheBoundMakesASlowReaderFallBehind(@ForAll("scenarios") Scenario s) {
    Window window = new Window(s.start(), 8, Long.MAX_VALUE);
    WindowReader reader = window.join(s.start());
    for (long[] e : s.entries()) {
      window.append(new ConsumerRecord<>("t", (int) e[0], e[1], null, new byte[0]), "id");
    }
    assertThat(window.size()).isLessThanOrEqualTo(8);
    int read = 0;
    while (reader.poll() != null) {
      read++;
    }
    if (s.entries().size() > 8) {
      assertThat(reader.fellBehind()).isTrue();
      assertThat(read).isZero();
    } else {
      assertThat(reader.fellBehind()).isFalse();
      assertThat(read).isEqualTo(s.entries().size());
    }
  }
}
