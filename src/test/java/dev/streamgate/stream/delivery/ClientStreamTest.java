package dev.streamgate.stream.delivery;

import static dev.streamgate.stream.delivery.StreamCoreFixture.texts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.tail.TestTails;
import dev.streamgate.tail.WindowEntry;
import dev.streamgate.wire.Format;
import io.netty.buffer.ByteBuf;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The client stream's core with its real parts over a never-started topic reader: demand, batching,
 * heartbeats, deadlines, hand-over and closing, driven by requests, appended records and a test
 * clock. No HTTP, no Kafka.
 */
class ClientStreamTest {

  private final StreamCoreFixture f = new StreamCoreFixture();
  private final String heartbeat = new String(Format.RAW.encoder().heartbeat(null));

  @Nested
  class Demand {

    @Test
    void nothingIsEmittedWithoutARequest() {
      AssertSubscriber<Buffer> client = f.subscribe();
      f.append("k", "a");
      f.advance(StreamCoreFixture.HEARTBEAT);
      client.assertSubscribed().assertHasNotReceivedAnyItem().assertNotTerminated();
      assertThat(f.lease.registered).hasValue(1);
    }

    @Test
    void eachRequestGetsOneBatch() {
      AssertSubscriber<Buffer> client = f.subscribe();
      f.append("k", "a");
      f.append("k", "b");
      client.request(1);
      assertThat(texts(client)).hasSize(1);
      assertThat(texts(client).get(0))
          .startsWith(new String(StreamCoreFixture.OPENING))
          .contains("data: a", "data: b");
      f.append("k", "c");
      f.append("k", "d");
      assertThat(texts(client)).hasSize(1);
      client.request(1);
      assertThat(texts(client)).hasSize(2);
      assertThat(texts(client).get(1)).contains("data: c", "data: d").doesNotContain("data: a");
      client.request(1);
      assertThat(texts(client)).as("nothing new, nothing sent").hasSize(2);
      f.append("k", "e");
      assertThat(texts(client)).as("the tail's signal sends it").hasSize(3);
      assertThat(f.lease.written.get())
          .isEqualTo(texts(client).stream().mapToLong(t -> t.getBytes().length).sum());
    }
  }

  @Nested
  class Batching {

    @Test
    void readyFramesShareOneWriteUpToMaxBatchBytes() {
      StreamCoreFixture small = new StreamCoreFixture(RecordFilter.NONE, 200, 1000, Long.MAX_VALUE);
      AssertSubscriber<Buffer> client = small.subscribe();
      client.request(1); // the opening and caught-up
      for (int i = 0; i < 20; i++) {
        small.append("k", "value-" + i);
      }
      client.request(1);
      String first = texts(client).get(1);
      int frame = first.indexOf("\n\n") + 2;
      assertThat(first.length()).isGreaterThanOrEqualTo(200).isLessThan(200 + frame);
      client.request(100);
      String all = String.join("", texts(client).subList(1, texts(client).size()));
      for (int i = 0; i < 20; i++) {
        assertThat(all).containsOnlyOnce("data: value-" + i + "\n");
      }
    }

    @Test
    void aSharedFrameIsWrittenFromTheLoopsOneJoin() {
      AssertSubscriber<Buffer> client = f.subscribe();
      client.request(1);
      WindowEntry entry = TestTails.append(f.tail, f.codec, "k", "a");
      client.request(1);
      byte[] shared = entry.cachedFrame(2 * Format.RAW.ordinal() + 1);
      assertThat(shared).as("the window's shared frame, id included").isNotNull();
      assertThat(new String(shared)).contains("id: " + f.id(1));
      ByteBuf written = client.getItems().get(1).getByteBuf();
      assertThat(written.isDirect()).as("no heap-to-direct copy at the socket").isTrue();
      assertThat(written.toString(StandardCharsets.UTF_8)).isEqualTo(new String(shared));
      ByteBuf another = SharedJoin.of(new byte[][] {shared}, 1, shared.length, false);
      assertThat(another.memoryAddress())
          .as("another stream of this loop writing the same frame shares the bytes")
          .isEqualTo(written.memoryAddress());
      another.release();
    }
  }

  @Nested
  class Chunks {

    @Test
    void aSubscriberThatAsksForChunksGetsEachBatchAsOneCompleteHttpChunk() {
      AssertSubscriber<Buffer> client =
          new AssertSubscriber<>(0) {
            @Override
            public void onSubscribe(Flow.Subscription s) {
              ((ChunkedBatches) s).frameAsChunks();
              super.onSubscribe(s);
            }
          };
      f.stream.subscribe(client);
      client.request(1);
      f.append("k", "a");
      client.request(1);
      for (String chunk : texts(client)) {
        int line = chunk.indexOf("\r\n");
        int size = Integer.parseInt(chunk.substring(0, line), 16);
        assertThat(chunk).hasSize(line + 2 + size + 2).endsWith("\r\n");
      }
      assertThat(texts(client).get(0)).contains("event: stream-info");
      assertThat(texts(client).get(1)).contains("data: a\n\n\r\n");
      assertThat(f.lease.written.get())
          .as("the frames' bytes are counted, not the framing")
          .isEqualTo(
              texts(client).stream().mapToLong(t -> t.length() - t.indexOf("\r\n") - 4).sum());
    }
  }

  @Nested
  class Heartbeats {

    @Test
    void anIdleStreamGetsACommentHeartbeat() {
      AssertSubscriber<Buffer> client = f.subscribe();
      client.request(2);
      f.advance(StreamCoreFixture.HEARTBEAT.minusSeconds(1));
      assertThat(texts(client)).hasSize(1);
      f.advance(Duration.ofSeconds(1));
      assertThat(texts(client)).hasSize(2).last().isEqualTo(heartbeat);
    }

    @Test
    void aFilteredStreamWhosePositionMovedGetsAnIdOnlyHeartbeat() {
      StreamCoreFixture filtered = StreamCoreFixture.filtered("mine");
      AssertSubscriber<Buffer> client = filtered.subscribe();
      client.request(3);
      filtered.append("other", "a");
      filtered.append("other", "b");
      assertThat(texts(client)).as("filtered out").hasSize(1);
      filtered.advance(StreamCoreFixture.HEARTBEAT);
      assertThat(texts(client).get(1))
          .isEqualTo(new String(Format.RAW.encoder().heartbeat(filtered.id(2))));
      filtered.advance(StreamCoreFixture.HEARTBEAT);
      assertThat(texts(client).get(2)).as("nothing moved since").isEqualTo(heartbeat);
    }
  }

  @Nested
  class Deadlines {

    @Test
    void atItsLifetimeTheStreamSendsItsFinalIdAndCompletes() {
      StreamCoreFixture filtered = StreamCoreFixture.filtered("mine");
      AssertSubscriber<Buffer> client = filtered.subscribe();
      client.request(10);
      filtered.append("other", "a");
      filtered.advance(StreamCoreFixture.LIFETIME);
      client.assertCompleted();
      assertThat(texts(client))
          .last()
          .isEqualTo(new String(Format.RAW.encoder().heartbeat(filtered.id(1))));
      assertThat(filtered.lease.released).containsExactly(CloseReason.LIFETIME);
    }

    @Test
    void whenTheTokenExpiresFirstTheStreamEndsThen() {
      StreamCoreFixture expiring =
          new StreamCoreFixture(
              RecordFilter.NONE, 64 * 1024, 1000, System.currentTimeMillis() + 60_000);
      AssertSubscriber<Buffer> client = expiring.subscribe();
      client.request(10);
      expiring.advance(Duration.ofSeconds(50));
      client.assertNotTerminated();
      expiring.advance(Duration.ofSeconds(11));
      client.assertCompleted();
      assertThat(expiring.lease.released).containsExactly(CloseReason.TOKEN_EXPIRED);
    }

    @Test
    void theTokenIsAnnouncedExpiringOnceWithTheIdToResumeFrom() {
      long expiresAt = System.currentTimeMillis() + 60_000;
      StreamCoreFixture expiring =
          new StreamCoreFixture(RecordFilter.NONE, 64 * 1024, 1000, expiresAt);
      AssertSubscriber<Buffer> client = expiring.subscribe();
      client.request(10);
      expiring.append("k", "v0");
      expiring.advance(Duration.ofSeconds(35));
      assertThat(String.join("", texts(client))).doesNotContain("token-expiring");
      expiring.advance(Duration.ofSeconds(6));
      String notice = texts(client).get(texts(client).size() - 1);
      assertThat(notice)
          .startsWith("id: " + expiring.id(1) + "\nevent: token-expiring\n")
          .contains("\"expiresAt\":\"" + java.time.Instant.ofEpochMilli(expiresAt) + "\"")
          .contains("\"id\":\"" + expiring.id(1) + "\"");
      expiring.advance(Duration.ofSeconds(5));
      assertThat(String.join("", texts(client)).split("event: token-expiring", -1))
          .as("announced once")
          .hasSize(2);
      client.assertNotTerminated();
      expiring.advance(Duration.ofSeconds(15));
      client.assertCompleted();
      assertThat(expiring.lease.released).containsExactly(CloseReason.TOKEN_EXPIRED);
    }

    @Test
    void aTokenShorterLivedThanTheNoticeIsAnnouncedHalfwayToItsExpiry() {
      StreamCoreFixture expiring =
          new StreamCoreFixture(
              RecordFilter.NONE, 64 * 1024, 1000, System.currentTimeMillis() + 10_000);
      AssertSubscriber<Buffer> client = expiring.subscribe();
      client.request(10);
      expiring.advance(Duration.ofSeconds(4));
      assertThat(String.join("", texts(client))).doesNotContain("token-expiring");
      expiring.advance(Duration.ofSeconds(2));
      assertThat(String.join("", texts(client))).contains("event: token-expiring");
    }

    @Test
    void aStreamWithoutATokenExpiryIsNeverAnnounced() {
      StreamCoreFixture plain = new StreamCoreFixture();
      AssertSubscriber<Buffer> client = plain.subscribe();
      client.request(100);
      plain.advance(StreamCoreFixture.LIFETIME.minusSeconds(1));
      assertThat(String.join("", texts(client))).doesNotContain("token-expiring");
    }

    @Test
    void aStalledClientTheWindowMovedPastIsClosed() {
      StreamCoreFixture small =
          new StreamCoreFixture(RecordFilter.NONE, 64 * 1024, 4, Long.MAX_VALUE);
      AssertSubscriber<Buffer> client = small.subscribe();
      client.request(1);
      for (int i = 0; i < 10; i++) {
        small.append("k", "v" + i);
      }
      small.advance(StreamCoreFixture.SLOW_CLIENT.minusSeconds(1));
      client.assertNotTerminated();
      small.advance(Duration.ofSeconds(1));
      client.assertCompleted();
      assertThat(small.lease.released).containsExactly(CloseReason.FELL_BEHIND);
    }
  }

  @Nested
  class HandOver {

    @Test
    void aHandedOverStreamSendsItsFinalIdAndRetryThenCompletes() {
      StreamCoreFixture filtered = StreamCoreFixture.filtered("mine");
      AssertSubscriber<Buffer> client = filtered.subscribe();
      client.request(1);
      filtered.append("other", "a");
      filtered.stream.handOver(4321);
      client.assertNotTerminated();
      client.request(1);
      client.assertCompleted();
      assertThat(texts(client))
          .last()
          .isEqualTo(
              new String(Format.RAW.encoder().heartbeat(filtered.id(1)))
                  + new String(Format.RAW.encoder().retry(4321)));
      assertThat(filtered.lease.released).containsExactly(CloseReason.DRAIN);
    }

    @Test
    void aTopicChangedUnderTheStreamEndsIt() {
      AssertSubscriber<Buffer> client = f.subscribe();
      client.request(5);
      TestTails.retire(f.tail);
      client.assertCompleted();
      assertThat(f.lease.released).containsExactly(CloseReason.TOPIC_CHANGED);
    }
  }

  @Nested
  class Closing {

    @Test
    void cancelReleasesTheLeaseExactlyOnce() {
      AssertSubscriber<Buffer> client = f.subscribe();
      client.request(1);
      client.cancel();
      client.cancel();
      f.append("k", "a");
      f.advance(StreamCoreFixture.LIFETIME);
      assertThat(f.lease.released).containsExactly(CloseReason.CLIENT_LEFT);
      assertThat(texts(client)).hasSize(1);
      client.assertNotTerminated();
    }

    @Test
    void requestZeroIsAnErrorAndReleases() {
      AssertSubscriber<Buffer> client = f.subscribe();
      client.request(0);
      client.assertFailedWith(IllegalArgumentException.class, "3.9");
      client.request(1);
      f.append("k", "a");
      assertThat(client.getItems()).isEmpty();
      assertThat(f.lease.released).containsExactly(CloseReason.ERROR);
    }

    @Test
    void aSecondSubscriberIsRefused() {
      f.subscribe();
      AssertSubscriber<Buffer> second = f.subscribe();
      second.assertFailedWith(IllegalStateException.class, "one subscriber");
      assertThat(f.lease.registered).hasValue(1);
    }
  }

  @Test
  void theStreamIsAMulti() {
    List<String> items =
        f.stream.select().first(1).collect().asList().await().atMost(Duration.ofSeconds(5)).stream()
            .map(Buffer::toString)
            .toList();
    assertThat(items).hasSize(1);
    assertThat(f.lease.released).containsExactly(CloseReason.CLIENT_LEFT);
  }
}
