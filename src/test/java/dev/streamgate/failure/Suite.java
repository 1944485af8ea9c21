package dev.streamgate.failure;

import static org.awaitility.Awaitility.await;

import dev.streamgate.testing.cluster.LocalCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * What the failure scenarios share: the cluster, topics, clients, verdicts and the results file.
 */
final class Suite {

  static final Duration CONVERGE = Duration.ofSeconds(90);

  private Suite() {}

  /** The shared local cluster, with anything a previous scenario killed started again. */
  static LocalCluster cluster() {
    LocalCluster cluster = LocalCluster.shared();
    cluster.ensureHealthy();
    return cluster;
  }

  /** A fresh topic: replication factor 3, {@code min.insync.replicas=2}. */
  static String createTopic(LocalCluster cluster, String prefix, int partitions) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    NewTopic topic =
        new NewTopic(name, partitions, (short) 3).configs(Map.of("min.insync.replicas", "2"));
    get(cluster.admin().createTopics(List.of(topic)).all());
    return name;
  }

  static String streamUrl(LocalCluster cluster, String topic) {
    return cluster.proxy().url() + "/streams/" + topic + "?format=envelope&from=earliest";
  }

  /** Connects {@code n} resuming clients through nginx and waits until every stream is open. */
  static List<ResumingClient> connect(String url, int n, String prefix) {
    List<ResumingClient> clients = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      clients.add(new ResumingClient(prefix + "-" + i, url).start());
    }
    await("all " + n + " streams open")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> clients.stream().allMatch(ResumingClient::isOpen));
    return clients;
  }

  static void closeAll(List<ResumingClient> clients) {
    clients.forEach(ResumingClient::close);
  }

  /** Waits until every client has every record of the log (from {@code from}), bounded. */
  static void awaitComplete(
      List<ResumingClient> clients, Map<Integer, List<Long>> log, Map<Integer, Long> from) {
    await("every client has the whole log")
        .atMost(CONVERGE)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> clients.stream().allMatch(c -> ExactlyOnce.complete(c.delivered(), log, from)));
  }

  /** Per-client exactly-once verdicts, summed; throws naming the first bad clients. */
  static ExactlyOnce.Verdict assertExact(
      List<ResumingClient> clients, Map<Integer, List<Long>> log, Map<Integer, Long> from) {
    int received = 0;
    int lost = 0;
    int duplicated = 0;
    int outOfOrder = 0;
    List<String> bad = new ArrayList<>();
    for (ResumingClient c : clients) {
      ExactlyOnce.Verdict v = ExactlyOnce.verdict(c.delivered(), log, from);
      received += v.received();
      lost += v.lost();
      duplicated += v.duplicated();
      outOfOrder += v.outOfOrder();
      if (!v.exact() && bad.size() < 5) {
        bad.add(c.name() + " " + v);
      }
    }
    ExactlyOnce.Verdict total = new ExactlyOnce.Verdict(received, lost, duplicated, outOfOrder);
    if (!bad.isEmpty()) {
      throw new AssertionError("Not exactly once: " + total + "; e.g. " + bad);
    }
    return total;
  }

  /**
   * A browser's EventSource gives up after a failed connect or a non-200: there must be none, on
   * the first connect (e.g. a stream opened a moment after its topic was created) or on any
   * reconnect.
   */
  static void assertNoRefusals(List<ResumingClient> clients) {
    List<ResumingClient> refused =
        clients.stream().filter(c -> c.refusals() + c.initialRefusals() > 0).toList();
    if (!refused.isEmpty()) {
      throw new AssertionError(
          refused.size()
              + " clients saw a refused or non-200 connect, e.g. "
              + refused.subList(0, Math.min(3, refused.size())));
    }
  }

  static long millisSince(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
  }

  /** Appends one measured result to target/failure-suite/results.md and prints it. */
  static synchronized void record(String scenario, String line) {
    String row = "| " + scenario + " | " + line + " |";
    System.out.println("[failure-suite] " + row);
    Path file =
        Path.of(System.getProperty("streamgate.it.projectDir", "."))
            .resolve("target/failure-suite/results.md");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, row + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static <T> T get(org.apache.kafka.common.KafkaFuture<T> future) {
    try {
      return future.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }
}
