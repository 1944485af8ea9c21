package dev.streamgate.stream.watch;

import static dev.streamgate.testing.StreamTestSupport.awaitEvent;
import static dev.streamgate.testing.StreamTestSupport.records;
import static dev.streamgate.testing.StreamTestSupport.resume;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.launchdarkly.eventsource.EventSource;
import dev.streamgate.testing.Delivered;
import dev.streamgate.testing.EventSourceReader;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import dev.streamgate.testing.SseParser;
import dev.streamgate.testing.SseStream;
import dev.streamgate.testing.StreamTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Topic patterns ({@code /streams/orders.*}) against the in-process broker: what they match, topics
 * joining and leaving open streams, exact resume of their ids, and every refusal.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class StreamPatternTest {

  @TestHTTPResource("/streams/")
  URL streams;

  @InjectKafka KafkaTestSupport kafka;

  @Test
  void aPatternMatchesSeveralTopicsMixedWithAPlainNameAndNeverAnInternalTopic() {
    String prefix = KafkaTestSupport.uniqueTopic("pat");
    String a = kafka.createTopic(prefix + ".a", 2);
    String b = kafka.createTopic(prefix + ".b", 1);
    String plain = kafka.createTopic(KafkaTestSupport.uniqueTopic("plain"), 1);
    kafka.createTopic("__" + prefix + ".internal", 1);
    kafka.createTopic(prefix + "-other", 1);
    List<Delivered> sent = new ArrayList<>();
    sent.addAll(Delivered.parseAll(kafka.fill(a, 2, 3, "a")));
    sent.addAll(Delivered.parseAll(kafka.fill(b, 1, 3, "b")));
    sent.addAll(Delivered.parseAll(kafka.fill(plain, 1, 3, "p")));
    // "?" is the query separator in a URL: a path writes it %3F
    String url = streams + prefix + ".%3F," + plain + "?format=envelope&from=earliest";
    try (SseStream stream = SseStream.open(url)) {
      awaitEvent(stream, "caught-up");
      await().atMost(StreamTestSupport.TIMEOUT).until(() -> records(stream).size() >= sent.size());
      Delivered.assertExactlyOnce(sent, List.of(records(stream)));
      // a topic the pod's last listing did not hold yet joins with a stream-info of its own
      String info =
          String.join(
              "\n", stream.events("stream-info").stream().map(SseParser.SseEvent::data).toList());
      assertThat(info).contains(a, b, plain).doesNotContain("internal", prefix + "-other");
    }
    given().get("/streams/__" + prefix + "*").then().statusCode(404);
  }

  @Test
  void aTopicCreatedMidStreamJoinsFromItsStartAndResumesExactlyWithARealClient() {
    String prefix = KafkaTestSupport.uniqueTopic("join");
    String first = kafka.createTopic(prefix + ".first", 2);
    List<Delivered> sent = new ArrayList<>();
    List<Delivered> received = new CopyOnWriteArrayList<>();
    List<String> infos = new CopyOnWriteArrayList<>();
    EventSource source =
        new EventSource.Builder(URI.create(streams + prefix + ".*?format=envelope"))
            .retryDelay(100, TimeUnit.MILLISECONDS)
            .build();
    EventSourceReader client =
        EventSourceReader.start(
            source,
            m -> {
              if (m.getEventName().equals("message")) {
                received.add(Delivered.fromEnvelope(m.getData()));
              } else if (m.getEventName().equals("stream-info")) {
                infos.add(m.getData());
              }
            });
    try {
      await().atMost(StreamTestSupport.TIMEOUT).until(() -> infos.size() >= 1);
      sent.addAll(Delivered.parseAll(kafka.fill(first, 2, 2, "before")));
      // created and written before the stream can know of it: read from its start all the same
      String late = kafka.createTopic(prefix + ".late", 3);
      sent.addAll(Delivered.parseAll(kafka.fill(late, 3, 4, "late")));
      await()
          .atMost(StreamTestSupport.TIMEOUT)
          .failFast("the EventSource reader thread threw", client::failed)
          .until(() -> received.size() >= sent.size());
      assertThat(infos).anySatisfy(i -> assertThat(i).contains(late, "\"joined\":true"));
      for (int round = 0; round < 2; round++) {
        source.interrupt();
        sent.addAll(Delivered.parseAll(kafka.fill(first, 2, 2, "away" + round)));
        sent.addAll(Delivered.parseAll(kafka.fill(late, 3, 2, "away" + round)));
        int expected = sent.size();
        await()
            .atMost(StreamTestSupport.TIMEOUT)
            .failFast("the EventSource reader thread threw", client::failed)
            .until(() -> received.size() >= expected);
      }
      Delivered.assertExactlyOnce(sent, List.of(received));
      assertThat(infos.get(infos.size() - 1)).contains("\"start\":\"resume\"");
    } finally {
      client.close();
    }
  }

  @Test
  void anIdFromBeforeATopicAppearedReadsThatTopicFromItsStart() {
    String prefix = KafkaTestSupport.uniqueTopic("since");
    String first = kafka.createTopic(prefix + ".first", 1);
    String url = streams + prefix + ".*?format=envelope";
    String id;
    try (SseStream stream = SseStream.open(url)) {
      id = awaitEvent(stream, "stream-info").lastEventId();
    }
    List<Delivered> sent = new ArrayList<>(Delivered.parseAll(kafka.fill(first, 1, 3, "a")));
    String late = kafka.createTopic(prefix + ".late", 2);
    sent.addAll(Delivered.parseAll(kafka.fill(late, 2, 3, "b")));
    await()
        .atMost(StreamTestSupport.TIMEOUT)
        .until(() -> kafka.admin().listTopics().names().get().contains(late));
    try (SseStream again = resume(url, id)) {
      awaitEvent(again, "caught-up");
      await().atMost(StreamTestSupport.TIMEOUT).until(() -> records(again).size() >= sent.size());
      Delivered.assertExactlyOnce(sent, List.of(records(again)));
      // The pod lists topics at most patterns.refresh old: the late topic is in the opening
      // stream-info when the listing has it, else it joins from its start in a later one.
      assertThat(again.events("stream-info"))
          .anySatisfy(
              info ->
                  assertThat(info.data())
                      .contains("\"topic\":\"" + late + "\",\"start\":\"earliest\""));
    }
  }

  @Test
  void aTopicDeletedMidStreamLeavesWithAResetOfItsOwnAndTheOthersContinueExactly() {
    String prefix = KafkaTestSupport.uniqueTopic("leave");
    String stays = kafka.createTopic(prefix + ".stays", 2);
    String goes = kafka.createTopic(prefix + ".goes", 1);
    List<Delivered> sent = new ArrayList<>(Delivered.parseAll(kafka.fill(stays, 2, 2, "a")));
    kafka.fill(goes, 1, 2, "g");
    try (SseStream stream = SseStream.open(streams + prefix + ".*?format=envelope&from=earliest")) {
      awaitEvent(stream, "caught-up");
      kafka.deleteTopic(goes);
      SseParser.SseEvent reset = awaitEvent(stream, "reset");
      assertThat(reset.data()).contains("\"reason\":\"topic-deleted\"", goes).doesNotContain(stays);
      sent.addAll(Delivered.parseAll(kafka.fill(stays, 2, 3, "after")));
      await()
          .atMost(StreamTestSupport.TIMEOUT)
          .until(
              () ->
                  records(stream).stream().filter(d -> d.topic().equals(stays)).count()
                      >= sent.size());
      List<Delivered> kept = records(stream).stream().filter(d -> d.topic().equals(stays)).toList();
      Delivered.assertExactlyOnce(sent, List.of(kept));
      assertThat(stream.ended()).isFalse();
      // the id after the reset names the topics that remain, and resumes exactly
      String last = stream.lastEventId();
      try (SseStream again = resume(streams + prefix + ".*?format=envelope", last)) {
        awaitEvent(again, "caught-up");
        assertThat(records(again)).isEmpty();
        assertThat(again.events("reset")).isEmpty();
      }
    }
  }

  @Test
  void aTopicThatWouldExceedMaxTopicsIsNotJoinedAndTheStreamSaysSo() {
    String prefix = KafkaTestSupport.uniqueTopic("full");
    for (int i = 0; i < 16; i++) {
      kafka.createTopic(prefix + "." + (char) ('a' + i), 1);
    }
    try (SseStream stream = SseStream.open(streams + prefix + ".*?format=envelope")) {
      awaitEvent(stream, "caught-up");
      await()
          .atMost(StreamTestSupport.TIMEOUT)
          .until(
              () ->
                  stream.events("stream-info").stream()
                          .mapToLong(e -> e.data().split("\"topic\":").length - 1)
                          .sum()
                      == 16);
      String extra = kafka.createTopic(prefix + ".z", 1);
      SseParser.SseEvent skipped = awaitEvent(stream, "topic-skipped");
      assertThat(skipped.data()).contains(extra, "\"reason\":\"max-topics\"");
      assertThat(stream.events("stream-info")).noneMatch(e -> e.data().contains(extra));
      kafka.send(prefix + ".a", 0, "k", "still-live");
      awaitEvent(stream, e -> e.data().contains("still-live"));
    }
  }

  @Test
  void aBadPatternIs400ProblemJson() {
    given()
        .get("/streams/orders.*!")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("title", equalTo("Invalid topic pattern"));
  }

  @Test
  void aPatternThatMatchesNothingReadableIs404ProblemJson() {
    given()
        .get("/streams/" + KafkaTestSupport.uniqueTopic("nothing") + ".*")
        .then()
        .statusCode(404)
        .contentType("application/problem+json")
        .body("title", equalTo("No matching topic"));
  }

  @Test
  void aPatternMatchingMoreThanMaxTopicsIs400ProblemJson() {
    String prefix = KafkaTestSupport.uniqueTopic("wide");
    for (int i = 0; i < 17; i++) {
      kafka.createTopic(prefix + "." + i, 1);
    }
    await()
        .atMost(StreamTestSupport.TIMEOUT)
        .untilAsserted(
            () ->
                given()
                    .get("/streams/" + prefix + ".*")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("title", equalTo("Too many topics"))
                    .body("detail", containsString("at most 16")));
  }
}
