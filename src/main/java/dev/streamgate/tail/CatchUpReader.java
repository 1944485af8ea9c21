package dev.streamgate.tail;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads one stream's partitions from Kafka, from the stream's own start position, on a dedicated
 * thread (never an event loop), and publishes the framed bytes with back-pressure.
 *
 * <p>Overflow policy: there is none to overflow. The reader polls Kafka only when the subscriber
 * has asked for more, so at most one poll's frames ({@code max.poll.records}) wait per stream; a
 * client that stops reading stops its reader. When the stream ends for any reason other than the
 * client leaving, it completes cleanly: the client reconnects with its last id and resumes.
 */
public final class CatchUpReader implements Flow.Publisher<byte[]> {

  private static final Logger LOG = Logger.getLogger(CatchUpReader.class);
  private static final AtomicLong THREADS = new AtomicLong();
  private static final Duration MAX_POLL_WAIT = Duration.ofSeconds(1);

  private final Map<String, Object> consumerProperties;
  private final StreamFeed feed;
  private final Duration heartbeat;
  private final Runnable onTerminate;
  private final AtomicBoolean subscribed = new AtomicBoolean();

  /**
   * @param consumerProperties a group-less consumer's properties ({@link KafkaClients})
   * @param feed turns records into frames
   * @param heartbeat longest quiet interval before {@link StreamFeed#idle()} is sent
   * @param onTerminate runs once when the reader stops, whatever the cause
   */
  public CatchUpReader(
      Map<String, Object> consumerProperties,
      StreamFeed feed,
      Duration heartbeat,
      Runnable onTerminate) {
    this.consumerProperties = consumerProperties;
    this.feed = feed;
    this.heartbeat = heartbeat;
    this.onTerminate = onTerminate;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super byte[]> subscriber) {
    if (!subscribed.compareAndSet(false, true)) {
      subscriber.onSubscribe(
          new Flow.Subscription() {
            @Override
            public void request(long n) {}

            @Override
            public void cancel() {}
          });
      subscriber.onError(new IllegalStateException("A stream reader serves one subscriber"));
      return;
    }
    Loop loop = new Loop(subscriber);
    Thread thread = new Thread(loop, "streamgate-reader-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    loop.thread = thread;
    subscriber.onSubscribe(loop);
    thread.start();
  }

  private final class Loop implements Runnable, Flow.Subscription {

    private final Flow.Subscriber<? super byte[]> subscriber;
    private final AtomicLong demand = new AtomicLong();
    private volatile boolean cancelled;
    private volatile Thread thread;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile Throwable protocolError;

    Loop(Flow.Subscriber<? super byte[]> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        protocolError =
            new IllegalArgumentException("Rule 3.9: request must be positive, was " + n);
        cancelled = true;
      } else {
        demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
      }
      LockSupport.unpark(thread);
    }

    @Override
    public void cancel() {
      cancelled = true;
      KafkaConsumer<byte[], byte[]> c = consumer;
      if (c != null) {
        c.wakeup();
      }
      LockSupport.unpark(thread);
    }

    @Override
    public void run() {
      Throwable failure = null;
      try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties)) {
        consumer = c;
        if (cancelled) {
          return;
        }
        Map<TopicPartition, Long> start = feed.startOffsets();
        c.assign(start.keySet());
        start.forEach(c::seek);
        if (!emit(feed.opening())) {
          return;
        }
        long lastWrite = System.nanoTime();
        while (!cancelled) {
          long quiet = System.nanoTime() - lastWrite;
          Duration wait = heartbeat.minusNanos(quiet);
          wait =
              wait.isNegative()
                  ? Duration.ZERO
                  : wait.compareTo(MAX_POLL_WAIT) > 0 ? MAX_POLL_WAIT : wait;
          byte[] out = next(c, wait);
          if (out.length == 0 && System.nanoTime() - lastWrite >= heartbeat.toNanos()) {
            out = feed.idle();
          }
          if (out.length > 0) {
            if (!emit(out)) {
              return;
            }
            lastWrite = System.nanoTime();
          }
        }
      } catch (WakeupException e) {
        // cancelled while closing or assigning: nothing to report
      } catch (Throwable t) {
        failure = t;
      } finally {
        onTerminate.run();
      }
      finish(failure);
    }

    private byte[] next(KafkaConsumer<byte[], byte[]> c, Duration wait) {
      try {
        ConsumerRecords<byte[], byte[]> records = c.poll(wait);
        return feed.records(records, c::position);
      } catch (WakeupException e) {
        return new byte[0];
      } catch (OffsetOutOfRangeException e) {
        return skipDeleted(c, e.offsetOutOfRangePartitions());
      }
    }

    private byte[] skipDeleted(
        KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> requested) {
      Map<TopicPartition, Long> earliest = c.beginningOffsets(requested.keySet());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      requested.forEach(
          (tp, offset) -> {
            long first = earliest.get(tp);
            if (offset < first) {
              c.seek(tp, first);
              out.writeBytes(feed.retentionGap(tp, offset, first));
            } else {
              long end = c.endOffsets(List.of(tp)).get(tp);
              LOG.warnf(
                  "Offset %d of %s is beyond the log end %d; continuing at the end",
                  offset, tp, end);
              c.seek(tp, end);
            }
          });
      return out.toByteArray();
    }

    private boolean emit(byte[] frames) {
      while (demand.get() == 0 && !cancelled) {
        LockSupport.park(this);
      }
      if (cancelled) {
        return false;
      }
      demand.decrementAndGet();
      subscriber.onNext(frames);
      return true;
    }

    private void finish(Throwable failure) {
      if (protocolError != null) {
        subscriber.onError(protocolError);
      } else if (!cancelled) {
        if (failure != null) {
          LOG.warnf(
              "Stream reader stopped (%s); the client will resume from its last id",
              failure.toString());
        }
        subscriber.onComplete();
      }
    }
  }
}
