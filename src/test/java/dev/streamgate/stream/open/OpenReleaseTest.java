package dev.streamgate.stream.open;

import static dev.streamgate.stream.open.Opens.request;
import static dev.streamgate.stream.open.Opens.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.streamgate.kafka.TopicDirectory;
import dev.streamgate.problem.ProblemException;
import dev.streamgate.security.Caller;
import dev.streamgate.stream.pod.StreamSlots;
import dev.streamgate.tail.TailRegistry;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every way an open can fail after it started taking things from the pod gives all of them back:
 * after the refusal, the topics' reader references, their selection and conflation groups, the
 * pod's and the address's stream slots and the directory's pattern watches are where they were
 * before it. The bounds, the topics and the pod are real; only a reader that cannot start and a
 * failure while the stream is made are injected, through the opener's seams ({@link OpenSeams}).
 */
@QuarkusTest
@TestProfile(OpenBounds.class)
@WithTestResource(KafkaBrokerResource.class)
class OpenReleaseTest {

  @InjectKafka KafkaTestSupport kafka;
  @Inject StreamOpener opener;
  @Inject TailRegistry tails;
  @Inject StreamSlots slots;
  @Inject TopicDirectory directory;
  @Inject Vertx vertx;

  private final List<AssertSubscriber<Buffer>> running = new ArrayList<>();
  private final List<String> taken = new ArrayList<>();

  @AfterEach
  void endStreamsAndSlots() {
    running.forEach(AssertSubscriber::cancel);
    taken.forEach(slots::release);
    await().until(() -> slots.open() == 0);
  }

  private Opens opens() {
    return new Opens(vertx);
  }

  private PodHoldings holdings(String address, String... topics) {
    return PodHoldings.of(tails, slots, directory, address, List.of(topics));
  }

  private String topic(String name, int partitions) {
    return kafka.createTopic(KafkaTestSupport.uniqueTopic(name), partitions);
  }

  /** Keeps a stream running on {@code path} with {@code filter}, holding that selection group. */
  private void hold(String path, String filter) throws Throwable {
    running.add(run(opens().onPool(opener, request(path, null, filter), "10.9.9.9")));
  }

  /** Keeps a stream running on {@code path} conflated to {@code window}, holding that group. */
  private void holdConflated(String path, String window) throws Throwable {
    running.add(run(opens().onPool(opener, request(path, null, null, window), "10.9.9.9")));
  }

  @Test
  void aSlotRefusedForTheAddressOrForThePodTakesNothing() {
    String a = topic("slot-a", 1);
    String b = topic("slot-b", 1);
    for (int i = 0; i < OpenBounds.PER_ADDRESS; i++) {
      slots.acquire("10.0.0.1");
      taken.add("10.0.0.1");
    }
    PodHoldings before = holdings("10.0.0.1", a, b);
    ProblemException refused =
        opens().refusal(opener, request(a + "," + b, null, null), "10.0.0.1");
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.getMessage()).contains("Your address");
    assertThat(holdings("10.0.0.1", a, b)).isEqualTo(before);

    for (int i = slots.open(); i < OpenBounds.MAX_STREAMS; i++) {
      slots.acquire("10.0.1." + i);
      taken.add("10.0.1." + i);
    }
    before = holdings("10.0.0.2", a, b);
    refused = opens().refusal(opener, request(a + "," + b, null, null), "10.0.0.2");
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.getMessage()).contains("This instance");
    assertThat(holdings("10.0.0.2", a, b)).isEqualTo(before);
  }

  @Test
  void anOpenOffAnyVertxContextGivesBackItsSlot() {
    String a = topic("context-a", 1);
    String b = topic("context-b", 1);
    PodHoldings before = holdings("10.0.0.3", a, b);
    Throwable thrown =
        catchThrowable(
            () -> opener.open(request(a + "," + b, null, null), "10.0.0.3", Caller.unrestricted()));
    assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("Vert.x");
    assertThat(holdings("10.0.0.3", a, b)).isEqualTo(before);
  }

  @Test
  void aSecondReaderThatCannotStartGivesBackTheFirst() {
    String a = topic("reader-a", 1);
    String b = topic("reader-b", 1);
    List<String> acquired = new CopyOnWriteArrayList<>();
    StreamOpener failing =
        opener.with(
            new OpenSeams(
                snapshot -> {
                  if (snapshot.topic().equals(b)) {
                    throw new KafkaException("injected: the reader of " + b + " cannot start");
                  }
                  acquired.add(snapshot.topic());
                  return tails.acquire(snapshot);
                },
                UnaryOperator.identity()));
    for (String conflate : new String[] {null, "250ms"}) {
      acquired.clear();
      PodHoldings before = holdings("10.0.0.4", a, b);
      Throwable thrown =
          catchThrowable(
              () ->
                  opens()
                      .onPool(failing, request(a + "," + b, null, "true", conflate), "10.0.0.4"));
      assertThat(thrown).as("%s", conflate).isInstanceOf(KafkaException.class);
      assertThat(acquired).as("the first topic's reader was taken").containsExactly(a);
      assertThat(holdings("10.0.0.4", a, b)).as("%s", conflate).isEqualTo(before);
    }
  }

  @Test
  void fullSelectionGroupsOnTheSecondTopicAre503AndGiveBackTheFirstTopicsGroup() throws Throwable {
    String a = topic("groups-a", 1);
    String b = topic("groups-b", 1);
    hold(b, "offset >= 1");
    hold(b, "offset >= 2");
    PodHoldings before = holdings("10.0.0.5", a, b);
    assertThat(before.groups()).isEqualTo(Map.of(a, 0, b, 2));
    ProblemException refused =
        opens().refusal(opener, request(a + "," + b, null, "offset >= 3"), "10.0.0.5");
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.title()).isEqualTo("Too many filters");
    assertThat(refused.getMessage()).contains(b);
    assertThat(refused.headers()).containsEntry("Retry-After", "5");
    assertThat(holdings("10.0.0.5", a, b)).isEqualTo(before);
  }

  @Test
  void fullConflationGroupsOnTheSecondTopicAre503AndGiveBackTheFirstTopicsGroupsAndItsSelection()
      throws Throwable {
    String a = topic("conflations-a", 1);
    String b = topic("conflations-b", 1);
    holdConflated(b, "1s");
    holdConflated(b, "2s");
    PodHoldings before = holdings("10.0.0.11", a, b);
    assertThat(before.conflations()).isEqualTo(Map.of(a, 0, b, 2));
    // a joins its selection and conflation groups; b its selection group, then is refused
    ProblemException refused =
        opens().refusal(opener, request(a + "," + b, null, "offset >= 0", "5s"), "10.0.0.11");
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.title()).isEqualTo("Too many conflation groups");
    assertThat(refused.getMessage()).contains(b);
    assertThat(refused.headers()).containsEntry("Retry-After", "5");
    assertThat(holdings("10.0.0.11", a, b)).isEqualTo(before);

    // a window in use is no new group: the same stream opens, holding one group more on a only
    AssertSubscriber<Buffer> client =
        run(opens().onPool(opener, request(a + "," + b, null, null, "2s"), "10.0.0.11"));
    assertThat(holdings("10.0.0.11", a, b).conflations()).isEqualTo(Map.of(a, 1, b, 2));
    client.cancel();
    await().until(() -> holdings("10.0.0.11", a, b).equals(before));
  }

  @Test
  void aConflatedPatternOpenRefusedOnItsSecondTopicGivesBackReadersGroupsAndWatch()
      throws Throwable {
    String prefix = KafkaTestSupport.uniqueTopic("cpattern");
    String a = kafka.createTopic(prefix + "-a", 1);
    String b = kafka.createTopic(prefix + "-b", 1);
    holdConflated(b, "1s");
    holdConflated(b, "2s");
    PodHoldings before = holdings("10.0.0.12", a, b);
    ProblemException refused =
        opens().refusal(opener, request(prefix + "-*", null, "true", "250ms"), "10.0.0.12");
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.title()).isEqualTo("Too many conflation groups");
    assertThat(holdings("10.0.0.12", a, b)).isEqualTo(before);
  }

  @Test
  void aSnapshotTooLargeOnTheSecondTopicIs503AndGivesBackTheFirst() {
    String a = topic("large-a", 1);
    String b = topic("large-b", 1);
    kafka.send(a, 0, "k", "v");
    String big = "x".repeat(200_000);
    for (int i = 0; i < 6; i++) {
      kafka.send(b, 0, "k" + i, big); // above the test profile's max-bytes (1 MiB)
    }
    PodHoldings before = holdings("10.0.0.6", a, b);
    ProblemException refused =
        opens().refusal(opener, request(a + "," + b, "snapshot", "true"), "10.0.0.6");
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.title()).isEqualTo("Snapshot too large");
    assertThat(holdings("10.0.0.6", a, b)).isEqualTo(before);
  }

  @Test
  void aSnapshotUnavailableOnTheSecondTopicIs503AndGivesBackTheFirst() throws Throwable {
    String a = topic("grown-a", 1);
    String b = topic("grown-b", 1);
    kafka.send(b, 0, "k", "v");
    // b's reader runs (and lingers) with one partition; Kafka then gives b a second one
    AssertSubscriber<Buffer> warm = run(opens().onPool(opener, request(b, "snapshot", null), "x"));
    warm.cancel();
    kafka.admin().createPartitions(Map.of(b, NewPartitions.increaseTo(2))).all().get();
    await().until(() -> tails.clients(b) == 0);
    PodHoldings before = holdings("10.0.0.7", a, b);
    ProblemException refused =
        opens().refusal(opener, request(a + "," + b, "snapshot", "true"), "10.0.0.7");
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.title()).isEqualTo("Snapshot unavailable");
    assertThat(refused.headers()).containsEntry("Retry-After", "5");
    assertThat(holdings("10.0.0.7", a, b)).isEqualTo(before);
  }

  @Test
  void anIdTooWideIs400BeforeAnythingIsTaken() {
    String a = topic("wide-a", 1);
    String wide = topic("wide-b", 40);
    PodHoldings before = holdings("10.0.0.8", a, wide);
    ProblemException refused =
        opens().refusal(opener, request(a + "," + wide, null, "true"), "10.0.0.8");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.title()).isEqualTo("Stream too wide");
    assertThat(holdings("10.0.0.8", a, wide)).isEqualTo(before);
  }

  @Test
  void aPatternOpenRefusedAfterItsFirstReaderGivesBackReadersGroupsAndWatch() throws Throwable {
    String prefix = KafkaTestSupport.uniqueTopic("pattern");
    String a = kafka.createTopic(prefix + "-a", 1);
    String b = kafka.createTopic(prefix + "-b", 1);
    hold(b, "offset >= 1");
    hold(b, "offset >= 2");
    PodHoldings before = holdings("10.0.0.9", a, b);
    ProblemException refused =
        opens().refusal(opener, request(prefix + "-*", null, "offset >= 3"), "10.0.0.9");
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.getMessage()).contains(b);
    assertThat(holdings("10.0.0.9", a, b)).isEqualTo(before);
  }

  @Test
  void aFailureWhileTheStreamIsMadeGivesBackEverythingPlainOrPatternConflatedOrNot() {
    String prefix = KafkaTestSupport.uniqueTopic("made");
    String a = kafka.createTopic(prefix + "-a", 1);
    String b = kafka.createTopic(prefix + "-b", 1);
    StreamOpener failing =
        opener.with(
            new OpenSeams(
                tails::acquire,
                lease -> {
                  throw new IllegalStateException("injected: the stream could not be made");
                }));
    for (String path : List.of(a + "," + b, prefix + "-*")) {
      for (String conflate : new String[] {null, "250ms"}) {
        PodHoldings before = holdings("10.0.0.10", a, b);
        Throwable thrown =
            catchThrowable(
                () -> opens().onPool(failing, request(path, null, "true", conflate), "10.0.0.10"));
        assertThat(thrown).as(path).isInstanceOf(IllegalStateException.class);
        assertThat(holdings("10.0.0.10", a, b)).as(path + " " + conflate).isEqualTo(before);
      }
    }
  }
}
