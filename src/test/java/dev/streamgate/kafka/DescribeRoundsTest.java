package dev.streamgate.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Callers that wait at the same time share one request, and nobody gets an answer older than it.
 */
class DescribeRoundsTest {

  @Test
  void aLoneCallerSendsItsOwnRequest() {
    List<Set<String>> requests = new CopyOnWriteArrayList<>();
    DescribeRounds<Integer> rounds = new DescribeRounds<>(topics -> answer(requests, topics));
    assertThat(rounds.describe(Set.of("a"))).containsEntry("a", 1);
    assertThat(rounds.describe(Set.of("a"))).containsEntry("a", 2);
    assertThat(requests).hasSize(2);
  }

  @Test
  void anAnswerYoungerThanTheMaxAgeServesLaterCallersWithoutARequest() {
    List<Set<String>> requests = new CopyOnWriteArrayList<>();
    AtomicLong now = new AtomicLong(1_000);
    DescribeRounds<Integer> rounds =
        new DescribeRounds<>(topics -> answer(requests, topics), 100, now::get);
    assertThat(rounds.describe(Set.of("a", "b"))).containsEntry("a", 1);
    now.addAndGet(100);
    assertThat(rounds.describe(Set.of("b")))
        .as("sent 100 ns ago, asked for b")
        .containsEntry("b", 1);
    assertThat(requests).hasSize(1);
    now.addAndGet(1);
    assertThat(rounds.describe(Set.of("a"))).as("older than the max age").containsEntry("a", 2);
    assertThat(rounds.describe(Set.of("c"))).as("c was not asked for").containsEntry("c", 3);
    assertThat(requests).hasSize(3);
  }

  @Test
  void recentAnswersOnlyFromAnAnswerAtHandAndNeverSendsARequest() {
    List<Set<String>> requests = new CopyOnWriteArrayList<>();
    AtomicLong now = new AtomicLong(1_000);
    DescribeRounds<Integer> rounds =
        new DescribeRounds<>(topics -> answer(requests, topics), 100, now::get);
    assertThat(rounds.recent(Set.of("a"))).as("nothing asked yet").isEmpty();
    assertThat(requests).isEmpty();
    rounds.describe(Set.of("a", "b"));
    now.addAndGet(100);
    assertThat(rounds.recent(Set.of("b"))).hasValueSatisfying(m -> assertThat(m).containsKey("b"));
    assertThat(rounds.recent(Set.of("c"))).as("c was not asked for").isEmpty();
    now.addAndGet(1);
    assertThat(rounds.recent(Set.of("a"))).as("older than the max age").isEmpty();
    assertThat(requests).hasSize(1);
  }

  @Test
  void aStrictInstanceHasNoRecentAnswer() {
    DescribeRounds<Integer> rounds = new DescribeRounds<>(topics -> Map.of("a", 1));
    rounds.describe(Set.of("a"));
    assertThat(rounds.recent(Set.of("a"))).isEmpty();
  }

  @Test
  void aFailedRequestIsNotReused() {
    AtomicInteger calls = new AtomicInteger();
    DescribeRounds<Integer> rounds =
        new DescribeRounds<>(
            topics -> {
              if (calls.incrementAndGet() == 1) {
                throw new KafkaUnavailableException("down", null);
              }
              return Map.of("a", calls.get());
            },
            Long.MAX_VALUE / 2,
            () -> 0L);
    assertThatThrownBy(() -> rounds.describe(Set.of("a")))
        .isInstanceOf(KafkaUnavailableException.class);
    assertThat(rounds.describe(Set.of("a"))).containsEntry("a", 2);
    assertThat(rounds.describe(Set.of("a"))).as("now reused").containsEntry("a", 2);
    assertThat(calls).hasValue(2);
  }

  @Test
  void callersArrivingDuringARequestShareTheNextOneWhichIsSentAfterTheyArrived() throws Exception {
    CountDownLatch firstSent = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    List<Set<String>> requests = new CopyOnWriteArrayList<>();
    DescribeRounds<Integer> rounds =
        new DescribeRounds<>(
            topics -> {
              if (calls.incrementAndGet() == 1) {
                firstSent.countDown();
                awaitLatch(releaseFirst);
              }
              return answer(requests, topics);
            });
    ExecutorService callers = Executors.newFixedThreadPool(21);
    try {
      Future<Map<String, Integer>> first = callers.submit(() -> rounds.describe(Set.of("a")));
      assertThat(firstSent.await(10, TimeUnit.SECONDS)).isTrue();
      List<Future<Map<String, Integer>>> later = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String topic = i % 2 == 0 ? "a" : "b";
        later.add(callers.submit(() -> rounds.describe(Set.of(topic))));
      }
      // all 20 are waiting for the first request to end before theirs is sent
      await().atMost(Duration.ofSeconds(10)).until(() -> waiting() >= 20);
      releaseFirst.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS)).containsOnlyKeys("a");
      for (Future<Map<String, Integer>> f : later) {
        assertThat(f.get(10, TimeUnit.SECONDS)).containsKeys("a", "b");
      }
      assertThat(requests).containsExactly(Set.of("a"), Set.of("a", "b"));
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void aFailedRequestFailsEveryCallerOfItsRoundAndTheNextRoundTriesAgain() {
    AtomicInteger calls = new AtomicInteger();
    DescribeRounds<Integer> rounds =
        new DescribeRounds<>(
            topics -> {
              if (calls.incrementAndGet() == 1) {
                throw new KafkaUnavailableException("down", null);
              }
              return Map.of("a", 7);
            });
    assertThatThrownBy(() -> rounds.describe(Set.of("a")))
        .isInstanceOf(KafkaUnavailableException.class);
    assertThat(rounds.describe(Set.of("a"))).containsEntry("a", 7);
  }

  private static Map<String, Integer> answer(List<Set<String>> requests, Set<String> topics) {
    requests.add(topics);
    Map<String, Integer> answer = new HashMap<>();
    topics.forEach(t -> answer.put(t, requests.size()));
    return answer;
  }

  private static int waiting() {
    int count = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getState() == Thread.State.WAITING
          && java.util.Arrays.stream(t.getStackTrace())
              .anyMatch(f -> f.getClassName().equals(DescribeRounds.class.getName()))) {
        count++;
      }
    }
    return count;
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
