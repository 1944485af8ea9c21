package dev.streamgate.admin;

import static dev.streamgate.admin.AdminCalls.address;
import static dev.streamgate.admin.AdminCalls.close;
import static dev.streamgate.admin.AdminCalls.reader;
import static dev.streamgate.admin.AdminCalls.streams;
import static dev.streamgate.testing.StreamTestSupport.TIMEOUT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import dev.streamgate.security.HardenedProfile;
import dev.streamgate.testing.Delivered;
import dev.streamgate.testing.EventSourceReader;
import dev.streamgate.testing.InjectKafka;
import dev.streamgate.testing.KafkaBrokerResource;
import dev.streamgate.testing.KafkaTestSupport;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * {@code DELETE /admin/streams/{id}} with a real EventSource client (okhttp-eventsource, which
 * resends its last id as {@code Last-Event-ID} when it reconnects): the stream gets a {@code
 * revoked} event with its final id, ends, and the client's reconnect resumes with no gap and no
 * duplicate while records keep coming. Revoking a stream does not revoke its token.
 */
@QuarkusTest
@TestProfile(HardenedProfile.class)
@WithTestResource(KafkaBrokerResource.class)
class RevokedStreamResumeTest {

  @TestHTTPResource("/streams/")
  URL streams;

  @InjectKafka KafkaTestSupport kafka;

  @Test
  void aRevokedStreamEndsAfterItsFinalIdAndItsClientResumesExactly() {
    String topic = kafka.createTopic(KafkaTestSupport.uniqueTopic("sec-adm-revoke"), 3);
    List<Delivered> sent = new ArrayList<>(Delivered.parseAll(kafka.fill(topic, 3, 4, "one")));
    List<Delivered> received = new CopyOnWriteArrayList<>();
    List<MessageEvent> revoked = new CopyOnWriteArrayList<>();
    List<String> opened = new CopyOnWriteArrayList<>();
    EventSource source =
        new EventSource.Builder(
                ConnectStrategy.http(URI.create(streams + topic + "?format=envelope&from=earliest"))
                    .header("Authorization", "Bearer " + reader("carol"))
                    .header("X-Forwarded-For", address()))
            .retryDelay(100, TimeUnit.MILLISECONDS)
            .build();
    EventSourceReader client =
        EventSourceReader.start(
            source,
            m -> {
              switch (m.getEventName()) {
                case "message" -> received.add(Delivered.fromEnvelope(m.getData()));
                case "revoked" -> revoked.add(m);
                case "stream-info" -> opened.add(m.getData());
                default -> {}
              }
            });
    try {
      await()
          .atMost(TIMEOUT)
          .failFast("the EventSource reader thread threw", client::failed)
          .until(() -> received.size() >= 12);
      String id = (String) streams("carol", List.of(topic)).get(0).get("id");

      // records in flight while the stream is revoked: each arrives once, before or after
      sent.addAll(Delivered.parseAll(kafka.fill(topic, 3, 2, "during")));
      assertThat(close("/admin/streams/" + id + "?reason=key-rotation")).isEqualTo(1);
      sent.addAll(Delivered.parseAll(kafka.fill(topic, 3, 2, "after")));

      int expected = sent.size();
      await()
          .atMost(TIMEOUT)
          .failFast("the EventSource reader thread threw", client::failed)
          .until(() -> received.size() >= expected && opened.size() >= 2);
      Delivered.assertExactlyOnce(sent, List.of(received));
      assertThat(revoked).singleElement();
      MessageEvent notice = revoked.get(0);
      assertThat(notice.getData())
          .contains("\"reason\":\"key-rotation\"")
          .contains("\"id\":\"" + notice.getLastEventId() + "\"");
      assertThat(opened.get(1)).as("the reconnect resumed its id").contains("\"start\":\"resume\"");

      await().atMost(TIMEOUT).until(() -> !streams("carol", List.of(topic)).isEmpty());
      Map<String, Object> again = streams("carol", List.of(topic)).get(0);
      assertThat(again.get("id")).as("the reconnect is a new stream").isNotEqualTo(id);
      given()
          .header("Authorization", "Bearer " + AdminCalls.admin())
          .delete("/admin/streams/" + id)
          .then()
          .statusCode(404)
          .contentType("application/problem+json")
          .body("title", Matchers.equalTo("Unknown stream"));
    } finally {
      client.close();
    }
  }
}
