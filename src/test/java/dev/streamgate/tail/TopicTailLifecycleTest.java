package dev.streamgate.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.kafka.TopicSnapshot;
import dev.streamgate.tail.TailLifecycle.Phase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A topic reader's lifecycle and failure paths, through its consumer seam: the consumer is Kafka's
 * own {@code MockConsumer} ({@link WaitingConsumer}), which lets a test fail the factory, raise an
 * offsets-out-of-range in a poll and see the consumer closed at exact points. Delivery and
 * exactness are tested against a real broker (FanOutEngineTest, KeyTableTest, TopicLifecycleIT,
 * ...).
 */
class TopicTailLifecycleTest {

  private static final CursorCodec CODEC = new CursorCodec(8192);
  private static final AtomicInteger TOPICS = new AtomicInteger();

  private final List<TopicTail> readers = new ArrayList<>();
  private final LogLines log = new LogLines();
  private String topic;
  private final AtomicInteger wakeUps = new AtomicInteger();

  @BeforeEach
  void captureLogs() {
    topic = "lifecycle-" + TOPICS.incrementAndGet();
    Logger.getLogger(TopicTail.class.getName()).addHandler(log);
    Logger.getLogger(PollLoop.class.getName()).addHandler(log);
  }

  @AfterEach
  void stopReaders() {
    readers.forEach(TopicTail::stop);
    Logger.getLogger(TopicTail.class.getName()).removeHandler(log);
    Logger.getLogger(PollLoop.class.getName()).removeHandler(log);
  }

  @Test
  void anOffsetOutOfRangeRetiresTheReaderAndClosesItsConsumer() {
    WaitingConsumer consumer = new WaitingConsumer();
    AtomicInteger made = new AtomicInteger();
    TopicTail tail =
        started(
            () -> {
              made.incrementAndGet();
              return consumer;
            });
    awaitAssigned(consumer);
    TopicPartition p0 = new TopicPartition(topic, 0);
    consumer.setPollException(new OffsetOutOfRangeException("gone", Map.of(p0, 0L)));
    await().atMost(Duration.ofSeconds(10)).until(tail::retired);
    assertThat(tail.retiredBecause()).startsWith("offsets out of range").contains(topic + "-0");
    assertThat(wakeUps).as("its clients were woken to see it").hasValue(1);
    await().atMost(Duration.ofSeconds(10)).until(consumer::closed);
    assertThat(made).as("a retired reader makes no new consumer").hasValue(1);
    assertThat(log.count(topic, "retired")).isEqualTo(1);
  }

  @Test
  void anOffsetOutOfRangeRacingTheMetadataCheckRetiresOnce() {
    for (int i = 0; i < 20; i++) {
      topic = "lifecycle-race-" + TOPICS.incrementAndGet();
      wakeUps.set(0);
      WaitingConsumer consumer = new WaitingConsumer();
      TopicTail tail = started(() -> consumer);
      awaitAssigned(consumer);
      TopicPartition p0 = new TopicPartition(topic, 0);
      // the poll thread (its next poll fails) and this thread (as the registry's metadata check)
      // set off together to retire it
      CyclicBarrier together = new CyclicBarrier(2);
      consumer.schedulePollTask(
          () -> {
            consumer.setPollException(new OffsetOutOfRangeException("gone", Map.of(p0, 0L)));
            awaitQuietly(together);
          });
      awaitQuietly(together);
      boolean mine = tail.retire("topic deleted");
      await().atMost(Duration.ofSeconds(10)).until(consumer::closed);
      assertThat(tail.phase()).isEqualTo(Phase.RETIRED);
      if (mine) {
        assertThat(tail.retiredBecause()).isEqualTo("topic deleted");
      } else {
        assertThat(tail.retiredBecause()).startsWith("offsets out of range");
      }
      assertThat(wakeUps).as("one wake-up of its clients").hasValue(1);
      assertThat(log.count(topic, "retired")).as("one log line").isEqualTo(1);
    }
  }

  @Test
  void retireRacedFromTwoThreadsRetiresOnce() throws Exception {
    for (int i = 0; i < 50; i++) {
      topic = "lifecycle-two-" + TOPICS.incrementAndGet();
      wakeUps.set(0);
      TopicTail tail = reader(() -> new WaitingConsumer());
      CountDownLatch go = new CountDownLatch(1);
      List<String> won = new CopyOnWriteArrayList<>();
      List<Thread> racers = new ArrayList<>();
      for (String why : List.of("topic deleted", "topic recreated")) {
        Thread racer =
            new Thread(
                () -> {
                  awaitQuietly(go);
                  if (tail.retire(why)) {
                    won.add(why);
                  }
                });
        racer.start();
        racers.add(racer);
      }
      go.countDown();
      for (Thread racer : racers) {
        racer.join();
      }
      assertThat(won).hasSize(1);
      assertThat(tail.retiredBecause()).isEqualTo(won.get(0));
      assertThat(wakeUps).hasValue(1);
      assertThat(log.count(topic, "retired")).isEqualTo(1);
    }
  }

  @Test
  void stopClosesTheConsumer() {
    WaitingConsumer consumer = new WaitingConsumer();
    TopicTail tail = started(() -> consumer);
    awaitAssigned(consumer);
    tail.stop();
    assertThat(consumer.closed()).as("closed before stop returned").isTrue();
    assertThat(tail.phase()).isEqualTo(Phase.STOPPED);
    assertThat(tail.retired()).isFalse();
  }

  @Test
  void aRetireAfterAStopDoesNothing() {
    WaitingConsumer consumer = new WaitingConsumer();
    TopicTail tail = started(() -> consumer);
    awaitAssigned(consumer);
    tail.stop();
    assertThat(tail.retire("topic deleted")).isFalse();
    assertThat(tail.phase()).isEqualTo(Phase.STOPPED);
    assertThat(tail.retiredBecause()).isNull();
    assertThat(wakeUps).as("a stopped reader has no clients to wake").hasValue(0);
    assertThat(log.count(topic, "retired")).isZero();
  }

  @Test
  void aStopAfterARetireKeepsTheReaderRetired() {
    WaitingConsumer consumer = new WaitingConsumer();
    TopicTail tail = started(() -> consumer);
    awaitAssigned(consumer);
    assertThat(tail.retire("topic recreated")).isTrue();
    tail.stop();
    assertThat(consumer.closed()).isTrue();
    assertThat(tail.phase()).isEqualTo(Phase.RETIRED);
    assertThat(tail.retiredBecause()).as("its clients still read why").isEqualTo("topic recreated");
    assertThat(tail.retire("topic deleted")).isFalse();
    assertThat(wakeUps).hasValue(1);
  }

  @Test
  void aReaderRetiredBeforeItStartedNeverMakesAConsumer() {
    AtomicInteger made = new AtomicInteger();
    TopicTail tail =
        reader(
            () -> {
              made.incrementAndGet();
              return new WaitingConsumer();
            });
    assertThat(tail.retire("topic deleted")).isTrue();
    tail.start();
    tail.stop();
    assertThat(made).hasValue(0);
    assertThat(tail.phase()).isEqualTo(Phase.RETIRED);
  }

  @Test
  void aFailingConsumerFactoryIsRetriedWithBackoffAndTheReaderRecovers() {
    int failures = 3;
    WaitingConsumer consumer = new WaitingConsumer();
    List<Long> attempts = new CopyOnWriteArrayList<>();
    TopicTail tail =
        started(
            () -> {
              attempts.add(System.nanoTime());
              if (attempts.size() <= failures) {
                throw new KafkaException("No resolvable bootstrap urls given in bootstrap.servers");
              }
              return consumer;
            });
    awaitAssigned(consumer);
    assertThat(attempts).hasSize(failures + 1);
    long backoff = 100;
    for (int i = 1; i <= failures; i++) {
      long waitedMillis = (attempts.get(i) - attempts.get(i - 1)) / 1_000_000;
      assertThat(waitedMillis).as("wait before attempt %d", i + 1).isGreaterThanOrEqualTo(backoff);
      backoff *= 2;
    }
    assertThat(log.count(topic, "failed")).as("one warning per kind of failure").isEqualTo(1);

    consumer.addRecord(
        new ConsumerRecord<>(topic, 0, 0L, bytes("k"), bytes("after the factory came back")));
    Window window = tail.window();
    await().atMost(Duration.ofSeconds(10)).until(() -> window.endSeq() == 1);
    assertThat(window.get(0).sharedId()).isEqualTo(TestTails.sharedId(topic, CODEC, 1));
    await().atMost(Duration.ofSeconds(10)).until(() -> tail.positions()[0] == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> wakeUps.get() >= 1);
    assertThat(tail.phase()).isEqualTo(Phase.RUNNING);
  }

  private TopicTail reader(Supplier<Consumer<byte[], byte[]>> consumers) {
    TopicSnapshot start = new TopicSnapshot(topic, TestTails.FINGERPRINT, new long[1], new long[1]);
    TopicTail tail = TestTails.reader(start, CODEC, 100, consumers);
    tail.addListener(wakeUps::incrementAndGet);
    readers.add(tail);
    return tail;
  }

  private TopicTail started(Supplier<Consumer<byte[], byte[]>> consumers) {
    TopicTail tail = reader(consumers);
    tail.start();
    assertThat(tail.phase()).isEqualTo(Phase.RUNNING);
    return tail;
  }

  private static void awaitAssigned(WaitingConsumer consumer) {
    await().atMost(Duration.ofSeconds(10)).until(() -> !consumer.assignment().isEmpty());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitQuietly(CyclicBarrier barrier) {
    try {
      barrier.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The reader's log lines, by topic. */
  private static final class LogLines extends Handler {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    /** Lines "Reader of topic {topic} {word}..." (the log manager hands them formatted). */
    long count(String topic, String word) {
      String start = "Reader of topic " + topic + " " + word;
      return records.stream().filter(r -> r.getMessage().startsWith(start)).count();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
