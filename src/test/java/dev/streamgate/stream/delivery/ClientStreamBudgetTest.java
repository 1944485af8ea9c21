package dev.streamgate.stream.delivery;

import static dev.streamgate.stream.delivery.StreamCoreFixture.texts;
import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client stream against a spent write budget: it fills no batch and waits to be told, loses
 * nothing meanwhile, and is cut as a slow client (its connection to be closed, freeing what it
 * queued) when it has not taken a write for the slow-client timeout; a lifetime that ends meanwhile
 * ends it without its final id. The budget is spent by the stream's own writes, which the test's
 * subscriber holds as a socket that does not drain would.
 */
class ClientStreamBudgetTest {

  /** Room for the opening batch and a few records' batches; 3/4 of it is 600. */
  private static final int LIMIT = 800;

  private final WriteBudget budget = new WriteBudget(LIMIT);
  private final StreamCoreFixture f =
      new StreamCoreFixture(RecordFilter.NONE, 64 * 1024, 1000, Long.MAX_VALUE, budget);
  private AssertSubscriber<Buffer> client;
  private int taken;
  private final StringBuilder received = new StringBuilder();

  @AfterEach
  void letTheWritesGo() {
    if (client != null) {
      takeEverything();
    }
    SharedJoin.of(new byte[][] {{'x'}}, 1, 1, false).release();
  }

  /** The socket took every write so far: each batch's reference is given back, then a sweep. */
  private void takeEverything() {
    var items = client.getItems();
    for (; taken < items.size(); taken++) {
      received.append(items.get(taken));
      items.get(taken).getByteBuf().unwrap().release();
    }
    budget.sweep();
  }

  /** Writes records of 200 bytes until the budget is spent; returns their count. */
  private int spend() {
    client = f.subscribe();
    client.request(1);
    int records = 0;
    while (budget.mayWrite()) {
      f.append("k", "v".repeat(200) + records++);
      client.request(1);
    }
    return records;
  }

  @Test
  void aStreamWaitsForTheBudgetAndLosesNothing() {
    int before = spend();
    int written = texts(client).size();
    f.append("k", "after-1");
    f.append("k", "after-2");
    client.request(5);
    assertThat(texts(client)).as("no batch while the budget is spent").hasSize(written);
    assertThat(budget.waiting()).isEqualTo(1);

    takeEverything(); // the socket took the writes: room, and the stream is told

    assertThat(client.getItems()).hasSizeGreaterThan(written);
    takeEverything();
    String all = received.toString();
    for (int i = 0; i < before; i++) {
      assertThat(all).containsOnlyOnce("v".repeat(200) + i + "\n");
    }
    assertThat(all).containsOnlyOnce("data: after-1\n").containsOnlyOnce("data: after-2\n");
    client.assertNotTerminated();
  }

  @Test
  void aClientThatTakesNoWriteWhileTheBudgetIsSpentIsCutAsSlow() {
    spend();
    client.assertNotTerminated();
    f.advance(StreamCoreFixture.SLOW_CLIENT.minusSeconds(1));
    client.assertNotTerminated();
    f.advance(Duration.ofSeconds(1));
    client.assertFailedWith(StreamCut.class);
    assertThat(f.lease.released).containsExactly(CloseReason.FELL_BEHIND);
  }

  @Test
  void withRoomInTheBudgetTheSameStalledClientInItsWindowStays() {
    spend();
    takeEverything();
    assertThat(budget.mayWrite()).isTrue();
    f.advance(StreamCoreFixture.SLOW_CLIENT.plusSeconds(1));
    client.assertNotTerminated();
    assertThat(f.lease.released).isEmpty();
  }

  @Test
  void aLifetimeThatEndsWhileTheBudgetIsSpentEndsTheStreamWithoutItsFinalId() {
    spend();
    int written = texts(client).size();
    client.request(5);
    f.advance(StreamCoreFixture.LIFETIME);
    client.assertCompleted();
    assertThat(texts(client)).as("no final batch").hasSize(written);
    assertThat(f.lease.released).containsExactly(CloseReason.LIFETIME);
  }
}
