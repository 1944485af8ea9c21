package dev.streamgate.stream.open;

import static dev.streamgate.stream.open.Opens.request;
import static dev.streamgate.stream.open.Opens.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.streamgate.conflate.ConflateWindow;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.kafka.TopicCatalog;
import dev.streamgate.kafka.TopicDirectory;
import dev.streamgate.kafka.TopicSnapshot;
import dev.streamgate.stream.delivery.CloseReason;
import dev.streamgate.stream.delivery.Lane;
import dev.streamgate.stream.delivery.LaneMeters;
import dev.streamgate.stream.delivery.RunningStream;
import dev.streamgate.stream.delivery.StreamLease;
import dev.streamgate.stream.pod.OpenStreams;
import dev.streamgate.stream.pod.PodLease;
import dev.streamgate.stream.pod.StreamLog;
import dev.streamgate.stream.pod.StreamSlots;
import dev.streamgate.stream.pod.StreamTag;
import dev.streamgate.stream.pod.StreamView;
import dev.streamgate.tail.CatchUpReader;
import dev.streamgate.tail.TailRegistry;
import dev.streamgate.tail.TopicTail;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What an open took is the stream's once it is handed over: held while the stream runs, given back
 * once when it ends, and never by the open as well.
 */
@QuarkusTest
@TestProfile(OpenBounds.class)
@WithTestResource(KafkaBrokerResource.class)
class OpenHandOverTest {

  @InjectKafka KafkaTestSupport kafka;
  @Inject StreamOpener opener;
  @Inject TailRegistry tails;
  @Inject StreamSlots slots;
  @Inject TopicDirectory directory;
  @Inject TopicCatalog catalog;
  @Inject OpenStreams streams;
  @Inject PodLease.Pod pod;
  @Inject Vertx vertx;

  private PodHoldings holdings(String address, String... topics) {
    return PodHoldings.of(tails, slots, directory, address, List.of(topics));
  }

  @Test
  void aStreamHoldsWhatItsOpenTookWhileItRunsAndGivesItBackOnceWhenItEnds() throws Throwable {
    String prefix = KafkaTestSupport.uniqueTopic("held");
    String a = kafka.createTopic(prefix + "-a", 1);
    String b = kafka.createTopic(prefix + "-b", 2);
    for (String path : List.of(a + "," + b, prefix + "-*", a + "," + b + "?250ms")) {
      boolean pattern = path.endsWith("*");
      // a conflated stream holds a conflation group on each topic as well
      String conflate = path.endsWith("ms") ? path.substring(path.indexOf('?') + 1) : null;
      String topics = conflate == null ? path : path.substring(0, path.indexOf('?'));
      Counted counted = new Counted();
      StreamOpener counting = opener.with(new OpenSeams(tails::acquire, counted::wrap));
      PodHoldings before = holdings("10.1.0.1", a, b);

      AssertSubscriber<Buffer> client =
          run(
              new Opens(vertx)
                  .onPool(counting, request(topics, null, "true", conflate), "10.1.0.1"));
      assertThat(holdings("10.1.0.1", a, b))
          .as(path)
          .isEqualTo(before.plusOneStream(true, conflate != null, pattern));
      assertThat(counted.registered).hasValue(1);
      assertThat(streams.list(Runnable::run).toCompletableFuture().get())
          .extracting(StreamView::address, StreamView::topics)
          .contains(tuple("10.1.0.1", List.of(a, b)));

      client.cancel();
      await().untilAsserted(() -> assertThat(counted.released).hasValue(1));
      assertThat(holdings("10.1.0.1", a, b)).as(path).isEqualTo(before);
    }
  }

  @Test
  void anOpenHandsOverOnceAndThenGivesBackNothing() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("once"), 1);
    TopicSnapshot snapshot = catalog.snapshot(List.of(topic)).get(topic);
    PodHoldings before = holdings("10.1.0.2", topic);
    StreamLog log = new StreamLog(List.of(topic), Map.of(topic, "latest"), "id", "raw");
    StreamTag tag =
        new StreamTag(Optional.empty(), "10.1.0.2", List.of(topic), Opens.noFilter(), "raw");
    Open open = new Open(pod, OpenSeams.of(tails));
    Lane lane;
    try (open) {
      open.slot("10.1.0.2");
      TopicTail tail = open.reader(snapshot);
      lane =
          open.lane(
              tail,
              snapshot,
              new TopicPosition(topic, snapshot.fingerprint(), new long[1]),
              new NoMeters(),
              Opens.noFilter().with(Opens.selection("true")),
              Optional.of(ConflateWindow.parse("1s")));
      assertThat(open.handOver(log, tag, lease -> null)).isNull();
      assertThatThrownBy(() -> open.handOver(log, tag, lease -> null))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> open.reader(snapshot)).isInstanceOf(IllegalStateException.class);
    }
    open.close();
    // the open gave nothing back: what it took is the (here unused) lease's
    assertThat(holdings("10.1.0.2", topic)).isEqualTo(before.plusOneStream(true, true, false));
    lane.unselect();
    tails.release(lane.tail());
    slots.release("10.1.0.2");
    assertThat(holdings("10.1.0.2", topic)).isEqualTo(before);
  }

  /** The real lease, counting what the stream tells it. */
  private static final class Counted {
    final AtomicInteger registered = new AtomicInteger();
    final AtomicInteger released = new AtomicInteger();

    StreamLease wrap(StreamLease lease) {
      return new StreamLease() {
        @Override
        public void register(RunningStream stream) {
          registered.incrementAndGet();
          lease.register(stream);
        }

        @Override
        public CatchUpReader newCatchUpReader(Runnable onBatch) {
          return lease.newCatchUpReader(onBatch);
        }

        @Override
        public void written(int bytes) {
          lease.written(bytes);
        }

        @Override
        public void fellOutOfWindow() {
          lease.fellOutOfWindow();
        }

        @Override
        public void release(RunningStream stream, CloseReason reason) {
          lease.release(stream, reason);
          released.incrementAndGet();
        }
      };
    }
  }

  private static final class NoMeters implements LaneMeters {
    @Override
    public void opened() {}

    @Override
    public void closed() {}

    @Override
    public void delivered(int events) {}

    @Override
    public void merged(int batches) {}

    @Override
    public void rebuilt(boolean fromKafka) {}
  }
}
