package dev.streamgate.stream.delivery;

import static dev.streamgate.stream.delivery.StreamCoreFixture.texts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.wire.ControlBodies;
import dev.streamgate.wire.Format;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * What an operator asks of an open stream ({@code /admin/streams}), on the real stream core over a
 * never-started topic reader: its progress, read in its turn, and its revocation, which follows the
 * path of every other end (the {@code revoked} event carries the final id, then the stream
 * completes). No HTTP, no Kafka.
 */
class ClientStreamOperatorTest {

  private final StreamCoreFixture f = new StreamCoreFixture();

  private static String revoked(StreamCoreFixture f, String reason, long next) {
    String id = f.id(next);
    return new String(
        Format.RAW.encoder().control("revoked", id, ControlBodies.revoked(reason, id)));
  }

  @Test
  void aRevokedStreamSendsRevokedWithItsFinalIdThenCompletes() {
    AssertSubscriber<Buffer> client = f.subscribe();
    client.request(10);
    f.append("k", "a");
    f.append("k", "b");
    CompletableFuture<Boolean> closed = f.stream.revoke("operator");
    assertThat(closed).isCompletedWithValue(true);
    client.assertCompleted();
    assertThat(texts(client)).last().isEqualTo(revoked(f, "operator", 2));
    assertThat(revoked(f, "operator", 2))
        .startsWith("id: " + f.id(2) + "\nevent: revoked\n")
        .contains("\"reason\":\"operator\"", "\"id\":\"" + f.id(2) + "\"");
    assertThat(f.lease.released).containsExactly(CloseReason.REVOKED);
    f.append("k", "c");
    assertThat(String.join("", texts(client))).doesNotContain("data: c");
  }

  @Test
  void aFilteredStreamIsRevokedAtItsRealPosition() {
    StreamCoreFixture filtered = StreamCoreFixture.filtered("mine");
    AssertSubscriber<Buffer> client = filtered.subscribe();
    client.request(10);
    filtered.append("other", "a");
    filtered.stream.revoke("rotated");
    client.assertCompleted();
    assertThat(texts(client))
        .as("the id moved past the filtered record, so a reconnect does not rescan it")
        .last()
        .isEqualTo(revoked(filtered, "rotated", 1));
  }

  @Test
  void aClientWithAWritePendingGetsTheEventOnceItTakesTheWrite() {
    AssertSubscriber<Buffer> client = f.subscribe();
    client.request(1);
    f.append("k", "a");
    CompletableFuture<Boolean> closed = f.stream.revoke("operator");
    assertThat(closed).isNotDone();
    client.assertNotTerminated();
    client.request(1);
    client.assertCompleted();
    assertThat(closed).isCompletedWithValue(true);
    assertThat(texts(client))
        .as("nothing more is sent after a revocation: its id is before the unsent record")
        .last()
        .isEqualTo(revoked(f, "operator", 0));
    assertThat(String.join("", texts(client))).doesNotContain("data: a");
  }

  @Test
  void aStalledClientIsClosedWithoutTheEventAfterTheSlowClientTimeout() {
    AssertSubscriber<Buffer> client = f.subscribe();
    client.request(1);
    f.append("k", "a");
    CompletableFuture<Boolean> closed = f.stream.revoke("operator");
    f.advance(StreamCoreFixture.SLOW_CLIENT.minusSeconds(1));
    client.assertNotTerminated();
    f.advance(Duration.ofSeconds(1));
    client.assertCompleted();
    assertThat(closed).isCompletedWithValue(true);
    assertThat(String.join("", texts(client))).doesNotContain("revoked");
    assertThat(f.lease.released).containsExactly(CloseReason.REVOKED);
  }

  @Test
  void revokingAnEndedStreamAnswersThatItWasNotTheRevocation() {
    AssertSubscriber<Buffer> client = f.subscribe();
    client.request(1);
    client.cancel();
    assertThat(f.stream.revoke("operator")).isCompletedWithValue(false);
    assertThat(f.lease.released).containsExactly(CloseReason.CLIENT_LEFT);
  }

  @Test
  void progressIsReadInTheStreamsTurnWithLagPerPartition() {
    AssertSubscriber<Buffer> client = f.subscribe();
    f.append("k", "a");
    f.append("k", "b");
    f.append("k", "c");
    StreamProgress waiting = f.stream.inspect().join();
    assertThat(waiting.events()).isZero();
    assertThat(waiting.bytes()).isZero();
    assertThat(waiting.partitions()).containsExactly(new StreamPartition(f.topic, 0, 0, 3, 3));
    client.request(1);
    StreamProgress sent = f.stream.inspect().join();
    assertThat(sent.events()).isEqualTo(3);
    assertThat(sent.bytes()).isEqualTo(f.lease.written.get()).isPositive();
    assertThat(sent.partitions()).containsExactly(new StreamPartition(f.topic, 0, 3, 3, 0));
  }

  @Test
  void anEndedStreamHasNoProgress() {
    AssertSubscriber<Buffer> client = f.subscribe();
    client.request(1);
    client.cancel();
    client.request(1);
    assertThat(f.stream.inspect()).isCompletedWithValue(null);
  }
}
