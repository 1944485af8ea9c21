package dev.streamgate.tail;

import dev.streamgate.config.StreamgateConfig;
import dev.streamgate.cursor.CursorCodec;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The pod's topic readers: one per topic incarnation, started by its first client and stopped a
 * {@code linger} after its last one left.
 */
@ApplicationScoped
public class TopicTails {

  private final KafkaClients clients;
  private final StreamgateConfig.Tail config;
  private final CursorCodec codec;
  private final Map<String, Entry> tails = new HashMap<>();
  private final ScheduledExecutorService stopper =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "streamgate-tail-stopper");
            t.setDaemon(true);
            return t;
          });

  private static final class Entry {
    final TopicTail tail;
    int clients;
    ScheduledFuture<?> pendingStop;

    Entry(TopicTail tail) {
      this.tail = tail;
    }
  }

  public TopicTails(KafkaClients clients, StreamgateConfig config) {
    this.clients = clients;
    this.config = config.tail();
    this.codec = new CursorCodec(config.stream().maxIdLength());
  }

  /**
   * The running reader of this topic incarnation, started at the snapshot's end offsets if there
   * was none. Every call must be paired with {@link #release}.
   */
  public synchronized TopicTail acquire(TopicSnapshot snapshot) {
    String key = snapshot.topic() + "@" + snapshot.fingerprint();
    Entry entry = tails.get(key);
    if (entry == null) {
      TopicTail tail =
          new TopicTail(
              snapshot,
              clients.readerProperties("tail-" + snapshot.topic(), 500),
              codec,
              config.windowRecords(),
              config.windowBytes(),
              config.partitionRefresh());
      tail.start();
      entry = new Entry(tail);
      tails.put(key, entry);
    }
    if (entry.pendingStop != null) {
      entry.pendingStop.cancel(false);
      entry.pendingStop = null;
    }
    entry.clients++;
    return entry.tail;
  }

  /** A client of the tail left; the tail stops after the linger if no other client comes. */
  public synchronized void release(TopicTail tail) {
    String key = tail.topic() + "@" + tail.fingerprint();
    Entry entry = tails.get(key);
    if (entry == null || entry.tail != tail) {
      return;
    }
    entry.clients--;
    if (entry.clients == 0) {
      entry.pendingStop =
          stopper.schedule(
              () -> stopIfIdle(key, entry), config.linger().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void stopIfIdle(String key, Entry entry) {
    synchronized (this) {
      if (entry.clients > 0 || tails.get(key) != entry) {
        return;
      }
      tails.remove(key);
    }
    entry.tail.stop();
  }

  /** Number of running topic readers (one per topic incarnation with clients or lingering). */
  public synchronized int running() {
    return tails.size();
  }

  /** Whether a reader for this topic runs now. */
  public synchronized boolean isRunning(String topic) {
    return tails.keySet().stream().anyMatch(k -> k.startsWith(topic + "@"));
  }

  @PreDestroy
  void stopAll() {
    stopper.shutdownNow();
    Map<String, Entry> all;
    synchronized (this) {
      all = new HashMap<>(tails);
      tails.clear();
    }
    all.values().forEach(e -> e.tail.stop());
  }
}
