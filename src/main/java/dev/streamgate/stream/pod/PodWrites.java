package dev.streamgate.stream.pod;

import dev.streamgate.problem.ProblemException;
import dev.streamgate.stream.delivery.WriteBudget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.internal.PlatformDependent;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The pod's writes under overload: the {@link WriteBudget} its streams' batches count against, the
 * thread that frees the joins their writes no longer hold, and the admission that refuses new
 * streams with 503 and a jittered {@code Retry-After} while the pod is saturated ({@link
 * Saturation}), rather than accepting streams it would have to cut. A refused browser client
 * ({@code streamgate.js}) comes back after the delay; a load balancer may send the request to
 * another pod at once, because the refusal comes before any ticket is spent or Kafka is asked.
 *
 * <p>Threads: {@code streamgate-write-budget} sweeps the budget every {@link #SWEEP_MILLIS} ms,
 * updates the saturation, wakes the streams waiting for the budget (it only signals them) and logs
 * each change of state once; event loops and the open pool call {@link #admit}; the meters are read
 * at scrape.
 */
@ApplicationScoped
public class PodWrites {

  private static final Logger LOG = Logger.getLogger(PodWrites.class);

  /**
   * How often the budget is swept: a waiting stream is told within this of its room coming back.
   */
  static final long SWEEP_MILLIS = 10;

  private final WriteBudget budget;
  private final Saturation saturation;
  private final Duration recovery;
  private final long retryAfterMillis;
  private final long retryAfterJitterMillis;
  private final Counter refused;
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "streamgate-write-budget");
            t.setDaemon(true);
            return t;
          });
  private long refusedAtSaturation;

  public PodWrites(OverloadConfig config, MeterRegistry registry) {
    this.budget = new WriteBudget(limit(config.writeBudget()));
    this.recovery = config.recovery();
    this.saturation = new Saturation(recovery.toNanos());
    this.retryAfterMillis = config.retryAfter().toMillis();
    this.retryAfterJitterMillis = config.retryAfterJitter().toMillis();
    Gauge.builder("streamgate.write.budget", budget, WriteBudget::held)
        .description("Bytes of direct memory the pod's streams' writes hold now")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder("streamgate.write.budget.max", budget, WriteBudget::limit)
        .description("The write budget: at it, streams wait and new streams are answered 503")
        .baseUnit("bytes")
        .register(registry);
    Gauge.builder("streamgate.write.budget.waiting", budget, WriteBudget::waiting)
        .description("Streams waiting for room in the write budget")
        .register(registry);
    Gauge.builder("streamgate.saturated", saturation, s -> s.saturated() ? 1 : 0)
        .description("1 while the pod is saturated and answers new streams 503, else 0")
        .register(registry);
    this.refused =
        Counter.builder("streamgate.saturated.refused")
            .description("Streams refused with 503 because the pod was saturated")
            .register(registry);
  }

  /** The configured budget, or a quarter of the JVM's direct memory limit for 0. */
  static long limit(long configured) {
    if (configured > 0) {
      return configured;
    }
    return Math.max(16L << 20, PlatformDependent.maxDirectMemory() / 4);
  }

  @PostConstruct
  void start() {
    sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    sweeper.shutdownNow();
  }

  /** The budget every stream of the pod writes against. */
  public WriteBudget budget() {
    return budget;
  }

  /** Whether new streams are refused now. */
  public boolean saturated() {
    return saturation.saturated();
  }

  /**
   * Admits a new stream, or refuses it while the pod is saturated.
   *
   * @throws ProblemException 503 with a jittered Retry-After (not logged: the state is, once)
   */
  public void admit() {
    if (!saturation.saturated()) {
      return;
    }
    refused.increment();
    long millis =
        retryAfterMillis
            + (retryAfterJitterMillis > 0
                ? ThreadLocalRandom.current().nextLong(retryAfterJitterMillis + 1)
                : 0);
    throw ProblemException.unlogged(
        503,
        "Instance saturated",
        "This instance is writing more than its clients read and takes no new streams for now;"
            + " retry after the delay in Retry-After (another instance may take you at once)",
        Map.of("Retry-After", Long.toString(Math.max(1, (millis + 999) / 1000))));
  }

  /** One sweep: free what the writes let go, update the state, log a change once. */
  void sweep() {
    try {
      budget.sweep();
      long held = budget.held();
      Saturation.Change change = saturation.update(held, budget.limit(), System.nanoTime());
      budget.strain(saturation.saturated());
      switch (change) {
        case SATURATED -> {
          refusedAtSaturation = (long) refused.count();
          LOG.warnf(
              "Saturated: the streams' writes hold %d KiB, the whole write budget (%d KiB);"
                  + " streams wait for room, those that cannot write are cut, and new streams are"
                  + " answered 503 until the writes hold at most half of it for %s",
              held >> 10, budget.limit() >> 10, recovery);
        }
        case RECOVERED ->
            LOG.infof(
                "Recovered from saturation after %.1f s; %d streams were refused meanwhile",
                (System.nanoTime() - saturation.since()) / 1e9,
                (long) refused.count() - refusedAtSaturation);
        case NONE -> {}
      }
    } catch (RuntimeException e) {
      LOG.errorf(e, "The write budget's sweep failed; it runs again in %d ms", SWEEP_MILLIS);
    }
  }
}
