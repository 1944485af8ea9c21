package dev.streamgate.tail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.decode.DecodeError;
import dev.streamgate.decode.DecodeReason;
import dev.streamgate.decode.DecodedRecord;
import dev.streamgate.decode.Decoding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The reader's wake-up rule with keyed streams ({@link PhasedListeners}), driven as the reader
 * drives it: random streams come and go, settle and unsettle, and polls append records with random
 * keys (keys nobody takes, no key, undecodable keys) while the paced groups are woken on a test
 * clock. Checked at every wake-up: an unkeyed stream runs exactly when its group is due, as before;
 * a keyed one runs once when its group is due and it is unsettled or owed (since the group's last
 * wake-up, a record with one of its keys, an undecodable key, or a sweep), and never otherwise; and
 * no stream ever goes a window's worth of records unwoken (it would fall out of the window).
 */
class KeyedWakeUpsPropertiesTest {

  private static final long MS = 1_000_000L;
  private static final int PHASES = 4;
  private static final int WINDOW = 400;
  private static final List<String> KEYS = List.of("a", "b", "c", "d", "e");

  /** Record keys: the streams' keys, keys nobody takes, no key, and an undecodable key. */
  private static final List<String> RECORD_KEYS =
      List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "-null-", "-bad-");

  /** One step: what (0 add unkeyed, 1 add keyed, 2 remove, 3 settle, 4 unsettle, 5+ poll). */
  record Step(int what, int which, List<Integer> keys, List<Integer> records, int millis) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> step =
        Combinators.combine(
                Arbitraries.integers().between(0, 12),
                Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, KEYS.size() - 1).list().ofMinSize(1).ofMaxSize(2),
                Arbitraries.integers()
                    .between(0, RECORD_KEYS.size() - 1)
                    .list()
                    .ofMinSize(0)
                    .ofMaxSize(5),
                Arbitraries.integers().between(1, 10))
            .as(Step::new);
    return step.list().ofMinSize(50).ofMaxSize(400);
  }

  /** A stream as the test sees it. */
  private static final class Stream {
    final int group;
    final Set<String> keys;
    boolean settled;
    long position;
    int runs;

    Stream(int group, Set<String> keys, long position) {
      this.group = group;
      this.keys = keys;
      this.position = position;
    }
  }

  @Property(tries = 300)
  void streamsAreWokenExactlyWhenTheyHaveSomethingToTakeAndNeverFallOutOfTheWindow(
      @ForAll("steps") List<Step> steps) {
    PhasedListeners listeners = new PhasedListeners(PHASES, WINDOW, Long.MAX_VALUE);
    // 1 ms per stream, at most 20 ms: lingers long enough to use the four groups
    SignalPacer pacer = new SignalPacer(MS, 20 * MS, PHASES);
    List<Stream> streams = new ArrayList<>();
    List<Runnable> signals = new ArrayList<>();
    // what each group owes its keyed streams since its last wake-up: keys, or every key
    List<Set<String>> pendingKeys = new ArrayList<>();
    for (int g = 0; g < PHASES; g++) {
      pendingKeys.add(new HashSet<>());
    }
    boolean[] pendingAll = new boolean[PHASES];
    long appended = 0;
    long sinceSweep = 0;
    long now = 1_000 * MS;
    int added = 0;
    for (Step step : steps) {
      if (step.what() <= 1) {
        Set<String> keys = new HashSet<>();
        if (step.what() == 1) {
          step.keys().forEach(k -> keys.add(KEYS.get(k)));
        }
        Stream stream = new Stream(added++ % PHASES, keys, appended);
        Runnable signal = () -> stream.runs++;
        streams.add(stream);
        signals.add(signal);
        listeners.add(signal, keys);
      } else if (step.what() <= 4 && !streams.isEmpty()) {
        int i = step.which() % streams.size();
        Stream stream = streams.get(i);
        if (step.what() == 2) {
          listeners.remove(signals.remove(i));
          streams.remove(i);
        } else if (step.what() == 3 && !stream.keys.isEmpty()) {
          // a stream settles at the end of a turn that read the window to its end
          stream.settled = true;
          stream.position = appended;
          listeners.settle(signals.get(i), true);
        } else if (step.what() == 4 && !stream.keys.isEmpty()) {
          stream.settled = false;
          listeners.settle(signals.get(i), false);
        }
      } else if (step.what() > 4) {
        now += step.millis() * MS;
        for (int r : step.records()) {
          String key = RECORD_KEYS.get(r);
          listeners.appended(record(appended, key), 100);
          appended++;
          boolean anyKeyed = streams.stream().anyMatch(st -> !st.keys.isEmpty());
          if (++sinceSweep >= WINDOW / 4) {
            // the sweep: a quarter of the window since the last one
            sinceSweep = 0;
            Arrays.fill(pendingAll, true);
          }
          if (anyKeyed && key.equals("-bad-")) {
            // an undecodable key passes every key filter
            Arrays.fill(pendingAll, true);
          }
          for (Stream stream : streams) {
            if (stream.keys.contains(key)) {
              pendingKeys.get(stream.group).add(key);
            }
          }
        }
        if (!step.records().isEmpty()) {
          pacer.moved(now);
        }
        streams.forEach(s -> s.runs = 0);
        int mask = pacer.take(now, listeners.size());
        listeners.run(mask);
        for (Stream stream : streams) {
          boolean due = (mask & (1 << stream.group)) != 0;
          int expected;
          if (!due) {
            expected = 0;
          } else if (stream.keys.isEmpty() || !stream.settled || pendingAll[stream.group]) {
            expected = 1;
          } else {
            expected =
                stream.keys.stream().anyMatch(pendingKeys.get(stream.group)::contains) ? 1 : 0;
          }
          assertThat(stream.runs)
              .as("runs of a stream with keys %s, settled %s", stream.keys, stream.settled)
              .isEqualTo(expected);
          if (stream.runs > 0) {
            // woken, it reads the window to its end
            stream.position = appended;
          }
        }
        for (int g = 0; g < PHASES; g++) {
          if ((mask & (1 << g)) != 0) {
            pendingAll[g] = false;
            pendingKeys.get(g).clear();
          }
        }
        for (Stream stream : streams) {
          assertThat(appended - stream.position)
              .as("records a stream with keys %s has not been woken for", stream.keys)
              .isLessThan(WINDOW);
        }
      }
    }
  }

  private static ConsumerRecord<byte[], byte[]> record(long offset, String key) {
    if (key.equals("-null-")) {
      return new ConsumerRecord<>("t", 0, offset, null, new byte[0]);
    }
    ConsumerRecord<byte[], byte[]> raw =
        new ConsumerRecord<>("t", 0, offset, key.getBytes(StandardCharsets.UTF_8), new byte[0]);
    if (key.equals("-bad-")) {
      return DecodedRecord.of(
          raw, new DecodeError(DecodeReason.BAD_FRAMING, 0, "test"), Decoding.AS_IS);
    }
    return raw;
  }
}
