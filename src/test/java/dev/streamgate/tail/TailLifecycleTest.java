package dev.streamgate.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.streamgate.tail.TailLifecycle.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The reader's one lifecycle field: transitions by compare-and-set, one winner. */
class TailLifecycleTest {

  @RepeatedTest(50)
  void retiresAndStopsRacedFromManyThreadsEndItOnce() throws Exception {
    TailLifecycle life = new TailLifecycle();
    life.start();
    int threads = 6;
    CyclicBarrier together = new CyclicBarrier(threads);
    AtomicInteger winners = new AtomicInteger();
    List<String> won = new ArrayList<>();
    List<Thread> racers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      String why = "reason " + i;
      boolean stop = i % 3 == 0;
      Thread racer =
          new Thread(
              () -> {
                try {
                  together.await();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                if (stop ? life.stop() : life.retire(why)) {
                  winners.incrementAndGet();
                  synchronized (won) {
                    won.add(stop ? "stop" : why);
                  }
                }
              });
      racers.add(racer);
      racer.start();
    }
    for (Thread racer : racers) {
      racer.join();
    }
    assertThat(winners).hasValue(1);
    TailLifecycle.State end = life.state();
    if (won.get(0).equals("stop")) {
      assertThat(end.phase()).isEqualTo(Phase.STOPPED);
      assertThat(end.reason()).isNull();
    } else {
      assertThat(end.phase()).isEqualTo(Phase.RETIRED);
      assertThat(end.reason()).isEqualTo(won.get(0));
    }
  }

  @Test
  void aReaderEndedBeforeItStartedNeverRuns() {
    TailLifecycle retired = new TailLifecycle();
    assertThat(retired.retire("topic deleted")).isTrue();
    assertThat(retired.start()).isFalse();
    assertThat(retired.running()).isFalse();
    TailLifecycle stopped = new TailLifecycle();
    assertThat(stopped.stop()).isTrue();
    assertThat(stopped.start()).isFalse();
    assertThat(stopped.state().phase()).isEqualTo(Phase.STOPPED);
  }

  @Test
  void endingCutsABackoffShort() throws Exception {
    TailLifecycle life = new TailLifecycle();
    life.start();
    Thread backoff = new Thread(() -> life.pause(600_000));
    backoff.start();
    life.stop();
    // a ten-minute backoff that ends with the reader: the join returns long before it would
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> backoff.join());
  }
}
