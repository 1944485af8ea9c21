package dev.streamgate.tail;

import dev.streamgate.decode.RecordDecoders;
import dev.streamgate.kafka.KafkaClients;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded pool of threads that read from Kafka for clients behind the window. Each poll is one
 * task; clients beyond the pool's size take turns, so catch-up load never grows the thread count.
 * Queue: one pending task per catching-up client at most (a client asks for its next poll only
 * after its previous batch was sent).
 */
@ApplicationScoped
public class CatchUpPool {

  private static final AtomicLong THREADS = new AtomicLong();

  private final ExecutorService pool;
  private final KafkaClients clients;
  private final int maxPollRecords;
  private final AtomicInteger open = new AtomicInteger();
  private final RecordDecoders decoders;

  public CatchUpPool(
      KafkaClients clients, TailConfig tail, MeterRegistry registry, RecordDecoders decoders) {
    this.clients = clients;
    this.decoders = decoders;
    this.maxPollRecords = tail.maxPollRecords();
    this.pool =
        Executors.newFixedThreadPool(
            tail.catchUpThreads(),
            r -> {
              Thread t = new Thread(r, "streamgate-catch-up-" + THREADS.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    Gauge.builder("streamgate.catchup.readers", open, AtomicInteger::get)
        .description("Catch-up readers open: clients behind the window, each with its own consumer")
        .register(registry);
    // executor.active / executor.queued / executor.pool.max {name="streamgate.catchup"}: how busy
    // the catch-up threads are.
    new ExecutorServiceMetrics(pool, "streamgate.catchup", Tags.empty()).bindTo(registry);
  }

  /** A reader for one client; it polls on this pool when asked to. */
  public CatchUpReader newReader(Runnable onBatch) {
    open.incrementAndGet();
    return new CatchUpReader(
        clients.readerProperties("catch-up", maxPollRecords),
        pool,
        decoders,
        onBatch,
        open::decrementAndGet);
  }

  /** Catch-up readers open now (clients behind a window). */
  public int open() {
    return open.get();
  }

  @PreDestroy
  void stop() {
    pool.shutdownNow();
  }
}
