package dev.streamgate.stream.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.tail.CatchUpReader;
import dev.streamgate.wire.Format;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.ITestResult;
import org.testng.TestListenerAdapter;
import org.testng.TestNG;
import org.testng.annotations.AfterClass;

/**
 * The client stream's core is a Reactive Streams publisher: the TCK's publisher rules (flow
 * flavour), run through TestNG from this JUnit test so that the build stays on the JUnit Platform.
 * Every required rule must pass. Optional rules this publisher does not implement are skipped by
 * the TCK itself and listed here with their reason:
 *
 * <ul>
 *   <li>§1.11 multi-subscribe (the five {@code optional_spec111_*} tests): not applicable, a client
 *       stream serves one connection; a second subscriber gets {@code onSubscribe} then {@code
 *       onError(IllegalStateException)}, which is also this test's failed publisher (§1.4, §1.9).
 *   <li>The seven {@code untested_*} rules (§1.6, §1.7, §1.8, §1.9 throwing, §1.10, §3.4, §3.5):
 *       the TCK cannot check them and skips them for every publisher.
 * </ul>
 *
 * <p>The source is a fake that emits exactly {@code n} one-frame batches and then ends; the core
 * (demand, turn, emitting, completing, §3.9) is the real one, on a single-thread executor in place
 * of the event loop.
 */
class ClientStreamTckTest {

  /** No heartbeat, lifetime or slow-client deadline comes due while the TCK runs. */
  private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE / 4);

  private static final Logger LOG = Logger.getLogger(ClientStreamTckTest.class);

  @Test
  void theClientStreamPassesTheReactiveStreamsTck() {
    TestNG testng = new TestNG(false);
    testng.setTestClasses(new Class<?>[] {Verification.class});
    testng.setUseDefaultListeners(false);
    testng.setVerbose(0);
    TestListenerAdapter results = new TestListenerAdapter();
    testng.addListener(results);
    testng.run();

    List<String> failed = new ArrayList<>();
    for (ITestResult result : results.getFailedTests()) {
      failed.add(result.getName() + ": " + result.getThrowable());
    }
    List<String> skipped = new ArrayList<>();
    for (ITestResult result : results.getSkippedTests()) {
      Throwable why = result.getThrowable();
      skipped.add(result.getName() + " (" + (why == null ? "skipped" : why.getMessage()) + ")");
    }
    LOG.infof(
        "Reactive Streams TCK: %d passed, %d skipped:%n  %s",
        results.getPassedTests().size(), skipped.size(), String.join("\n  ", skipped));
    assertThat(failed).isEmpty();
    assertThat(results.getPassedTests()).as("every required rule of TCK 1.0.4").hasSize(26);
    assertThat(skipped)
        .as("only optional or untested rules are skipped")
        .allMatch(name -> name.startsWith("optional_") || name.startsWith("untested_"));
  }

  /** The TCK's verification of the real core; TestNG-annotated, so JUnit does not run it itself. */
  public static class Verification extends FlowPublisherVerification<Buffer> {

    private static final byte[] FRAME = "data: x\n\n".getBytes();
    private final ExecutorService loop =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "tck-event-loop");
              t.setDaemon(true);
              return t;
            });

    public Verification() {
      super(new TestEnvironment(2_000, 200), 2_000);
    }

    @AfterClass
    public void stopLoop() {
      loop.shutdownNow();
    }

    @Override
    public Flow.Publisher<Buffer> createFlowPublisher(long elements) {
      return stream(new Batches(elements));
    }

    /** A stream already serving a subscriber: any other gets onSubscribe, then onError. */
    @Override
    public Flow.Publisher<Buffer> createFailedFlowPublisher() {
      ClientStream stream = stream(new Batches(Long.MAX_VALUE));
      stream.subscribe(AssertSubscriber.create(0));
      return stream;
    }

    private ClientStream stream(FrameSource source) {
      StreamSettings settings =
          StreamSettings.builder()
              .format(Format.RAW)
              .codec(new CursorCodec(4096))
              .typeHeader("type")
              .maxBatchBytes(64 * 1024)
              .heartbeat(FOREVER)
              .lifetime(FOREVER)
              .slowClient(FOREVER)
              .build();
      LongSupplier clock = System::nanoTime;
      return new ClientStream(
          new byte[0], source, new StreamDeadlines(settings, clock), new NoLease(), loop);
    }
  }

  /** A source of exactly {@code n} one-frame batches, then the end (as when a topic changes). */
  private static final class Batches implements FrameSource {

    private final long n;
    private long sent;

    Batches(long n) {
      this.n = n;
    }

    @Override
    public void open(Runnable signal) {}

    @Override
    public boolean fill(FrameBatch out) {
      if (sent < n) {
        out.add(Verification.FRAME);
        sent++;
      }
      return sent >= n;
    }

    @Override
    public void caughtUp(FrameBatch out) {}

    @Override
    public void tokenExpiring(FrameBatch out, long expiresAtMillis) {}

    @Override
    public void revoked(FrameBatch out, String reason) {}

    @Override
    public List<StreamPartition> partitions() {
      return List.of();
    }

    @Override
    public void heartbeat(FrameBatch out) {}

    @Override
    public void finalId(FrameBatch out, long retryMillis) {}

    @Override
    public boolean fellBehind() {
      return false;
    }

    @Override
    public void prefetch(boolean wanted) {}

    @Override
    public int report() {
      return 1;
    }

    @Override
    public void close() {}
  }

  private static final class NoLease implements StreamLease {
    @Override
    public void register(RunningStream stream) {}

    @Override
    public CatchUpReader newCatchUpReader(Runnable onBatch) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void written(int bytes) {}

    @Override
    public void fellOutOfWindow() {}

    @Override
    public void release(RunningStream stream, CloseReason reason) {}
  }
}
