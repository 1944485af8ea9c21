package dev.streamgate.tail;

import static dev.streamgate.testing.StreamTestSupport.awaitEvent;
import static dev.streamgate.testing.StreamTestSupport.awaitRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.cursor.Cursor;
import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.cursor.CursorDecoding;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.stream.pod.StreamStats;
import dev.streamgate.testing.Delivered;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.SseParser;
import dev.streamgate.testing.SseStream;
import dev.streamgate.testing.StreamTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.NewPartitions;
import org.junit.jupiter.api.Test;

/** The shared engine: one reader per topic, catch-up hand-over, alignment, slow clients. */
@QuarkusTest
@TestProfile(SmallWindowProfile.class)
@WithTestResource(KafkaBrokerResource.class)
class FanOutEngineTest {

  private static final CursorCodec CODEC = new CursorCodec(8192);

  @TestHTTPResource("/streams/")
  URL streams;

  @Inject TailRegistry tails;
  @Inject CatchUpPool catchUp;
  @Inject StreamStats stats;

  @InjectKafka KafkaTestSupport kafka;

  @Test
  void oneKafkaConsumerPerTopicWhateverTheNumberOfClients() throws Exception {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("fanout"), 3);
    List<SseStream> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 25; i++) {
        SseStream client = SseStream.open(streams + topic + "?format=envelope");
        clients.add(client);
      }
      clients.forEach(c -> awaitEvent(c, "caught-up"));
      List<Delivered> sent = Delivered.parseAll(kafka.fill(topic, 3, 10, "f"));
      for (SseStream client : clients) {
        Delivered.assertExactlyOnce(sent, List.of(awaitRecords(client, sent.size())));
      }
      assertThat(consumers("streamgate-tail-" + topic + "-*")).isEqualTo(1);
      assertThat(catchUp.open()).isZero();
      // aligned single-topic clients all received the very same ids
      List<String> ids =
          clients.get(0).events("message").stream().map(SseParser.SseEvent::lastEventId).toList();
      clients.forEach(
          c ->
              assertThat(c.events("message"))
                  .extracting(SseParser.SseEvent::lastEventId)
                  .isEqualTo(ids));
    } finally {
      clients.forEach(SseStream::close);
    }
  }

  @Test
  void clientBehindTheWindowCatchesUpThenMovesToTheWindowWithoutGapOrDuplicate() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("handover"), 2);
    try (SseStream live = SseStream.open(streams + topic + "?format=envelope")) {
      awaitEvent(live, "caught-up");
      List<Delivered> sent = new ArrayList<>(Delivered.parseAll(kafka.fill(topic, 2, 100, "old")));
      awaitRecords(live, 200);
      try (SseStream late = SseStream.open(streams + topic + "?format=envelope&from=earliest")) {
        awaitEvent(late, "caught-up");
        await().atMost(Duration.ofSeconds(20)).until(() -> catchUp.open() == 0);
        sent.addAll(Delivered.parseAll(kafka.fill(topic, 2, 15, "new")));
        Delivered.assertExactlyOnce(sent, List.of(awaitRecords(late, sent.size())));
      }
    }
  }

  @Test
  void resumeFromAPositionThatIsNoPrefixOfThePodOrderSkipsToAlignment() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("align"), 3);
    try (SseStream live = SseStream.open(streams + topic + "?format=envelope")) {
      awaitEvent(live, "caught-up");
      List<Delivered> sent = Delivered.parseAll(kafka.fill(topic, 3, 10, "a"));
      awaitRecords(live, 30);
      List<SseParser.SseEvent> events = live.events("message");
      TopicPosition at10 = position(events.get(9).lastEventId(), topic);
      TopicPosition at20 = position(events.get(19).lastEventId(), topic);
      // partition 0 as of event 20, the others as of event 10: no prefix of this pod's order
      long[] mixed = at10.nextOffsets();
      mixed[0] = at20.nextOffset(0);
      String id =
          CODEC.encode(Cursor.of(List.of(new TopicPosition(topic, at10.fingerprint(), mixed))));
      List<Delivered> expected =
          sent.stream().filter(d -> d.offset() >= mixed[d.partition()]).toList();
      try (SseStream resumed = StreamTestSupport.resume(streams + topic + "?format=envelope", id)) {
        awaitEvent(resumed, "caught-up");
        assertThat(catchUp.open()).isZero();
        List<Delivered> more = Delivered.parseAll(kafka.fill(topic, 3, 4, "b"));
        List<Delivered> all = new ArrayList<>(expected);
        all.addAll(more);
        Delivered.assertExactlyOnce(all, List.of(awaitRecords(resumed, all.size())));
        // once aligned, the resumed client carries the pod's own ids
        String lastLive = awaitRecordsAndLastId(live, 42);
        assertThat(resumed.lastEventId()).isEqualTo(lastLive);
      }
    }
  }

  private static String awaitRecordsAndLastId(SseStream stream, int count) {
    awaitRecords(stream, count);
    return stream.lastEventId();
  }

  @Test
  void aBurstLargerThanTheWindowIsCaughtUpInPlaceWithoutCloseGapOrDuplicate() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("burst"), 1);
    long closedBefore = stats.fellBehind();
    long fellOutBefore = stats.fellOutOfWindowInPlace();
    try (SseStream client = SseStream.open(streams + topic + "?format=envelope")) {
      awaitEvent(client, "caught-up");
      // 2,000 records committed at once: the reader appends them 500 per poll into a window of
      // 50, so the client's next record is evicted before it can read it
      List<Delivered> sent = Delivered.parseAll(kafka.burst(topic, 0, 2_000, "burst"));
      Delivered.assertExactlyOnce(sent, List.of(awaitRecords(client, sent.size())));
      assertThat(stats.fellOutOfWindowInPlace()).isGreaterThan(fellOutBefore);
      assertThat(stats.fellBehind()).isEqualTo(closedBefore);
      assertThat(client.ended()).isFalse();
      // back on the window: live records arrive without a catch-up reader
      await().atMost(Duration.ofSeconds(20)).until(() -> catchUp.open() == 0);
      List<Delivered> more = Delivered.parseAll(kafka.fill(topic, 1, 5, "after"));
      List<Delivered> all = new ArrayList<>(sent);
      all.addAll(more);
      Delivered.assertExactlyOnce(all, List.of(awaitRecords(client, all.size())));
    }
  }

  @Test
  void slowClientIsClosedAfterFallingOutOfTheWindowWhileOthersGetEverything() throws Exception {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("slow"), 1);
    long closedBefore = stats.fellBehind();
    ScheduledExecutorService slowReader = Executors.newSingleThreadScheduledExecutor();
    try (Socket slow = new Socket();
        SseStream fast = SseStream.open(streams + topic + "?format=envelope")) {
      slow.setReceiveBufferSize(4096);
      slow.connect(new InetSocketAddress(streams.getHost(), streams.getPort()));
      slow.getOutputStream()
          .write(
              ("GET /streams/" + topic + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = slow.getInputStream();
      slowReader.scheduleAtFixedRate(
          () -> {
            try {
              in.read();
            } catch (Exception e) {
              // closed
            }
          },
          0,
          1,
          TimeUnit.SECONDS);
      awaitEvent(fast, "caught-up");
      String value = "v".repeat(16_384);
      List<Delivered> sent = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        var m = kafka.send(topic, 0, null, value);
        sent.add(new Delivered(topic, 0, m.offset()));
      }
      Delivered.assertExactlyOnce(sent, List.of(awaitRecords(fast, 400)));
      await().atMost(Duration.ofSeconds(20)).until(() -> stats.fellBehind() > closedBefore);
    } finally {
      slowReader.shutdownNow();
    }
  }

  @Test
  void topicReaderStopsAfterTheLastClientAndRestartsForTheNext() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("linger"), 2);
    String lastId;
    List<Delivered> sent = new ArrayList<>();
    try (SseStream first = SseStream.open(streams + topic + "?format=envelope")) {
      awaitEvent(first, "caught-up");
      assertThat(tails.isRunning(topic)).isTrue();
      sent.addAll(Delivered.parseAll(kafka.fill(topic, 2, 3, "one")));
      awaitRecords(first, 6);
      lastId = first.lastEventId();
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> !tails.isRunning(topic));
    List<Delivered> away = Delivered.parseAll(kafka.fill(topic, 2, 4, "away"));
    try (SseStream back = StreamTestSupport.resume(streams + topic + "?format=envelope", lastId)) {
      awaitEvent(back, "caught-up");
      assertThat(tails.isRunning(topic)).isTrue();
      Delivered.assertExactlyOnce(away, List.of(awaitRecords(back, 8)));
    }
  }

  @Test
  void partitionsAddedToALiveTopicArriveOnOpenStreams() throws Exception {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("grow"), 2);
    try (SseStream stream = SseStream.open(streams + topic + "?format=envelope")) {
      awaitEvent(stream, "caught-up");
      List<Delivered> sent = new ArrayList<>(Delivered.parseAll(kafka.fill(topic, 2, 2, "before")));
      awaitRecords(stream, 4);
      kafka
          .admin()
          .createPartitions(Map.of(topic, NewPartitions.increaseTo(4)))
          .all()
          .get(30, TimeUnit.SECONDS);
      sent.addAll(Delivered.parseAll(kafka.fill(topic, 4, 3, "after")));
      Delivered.assertExactlyOnce(sent, List.of(awaitRecords(stream, sent.size())));
      String id = stream.lastEventId();
      assertThat(position(id, topic).partitions()).isEqualTo(4);
    }
  }

  private static TopicPosition position(String id, String topic) {
    return ((CursorDecoding.Valid) CODEC.decode(id)).cursor().topic(topic).orElseThrow();
  }

  private static int consumers(String clientIdPattern) throws Exception {
    return ManagementFactory.getPlatformMBeanServer()
        .queryNames(new ObjectName("kafka.consumer:type=app-info,id=" + clientIdPattern), null)
        .size();
  }
}
