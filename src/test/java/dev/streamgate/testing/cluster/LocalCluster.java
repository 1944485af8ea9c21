package dev.streamgate.testing.cluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

/**
 * A local production-like deployment: 3 Kafka brokers (KRaft, forked JVMs from the test classpath's
 * jars), 2–3 Streamgate instances (the packaged jar) and nginx in front, all on 127.0.0.1 with free
 * ephemeral ports. Every process is a child ended by its PID (see {@link ManagedProcess}); a
 * shutdown hook kills whatever is left. Work directories and logs live under {@code
 * target/failure-suite/}.
 *
 * <p>By hand (after {@code ./mvnw package -DskipTests}): {@code java -cp "target/test-classes:$(cat
 * target/cluster.classpath)" dev.streamgate.testing.cluster.LocalCluster [instances] [minutes]} —
 * prints the addresses and runs until Ctrl-C or the minutes are up.
 */
public final class LocalCluster implements AutoCloseable {

  /** Settings of every instance: the suite's short drain, heartbeat and reconnect delays. */
  public static final Map<String, String> INSTANCE_SETTINGS = instanceSettings();

  public static final Duration DRAIN_PERIOD = Duration.ofSeconds(6);

  private static final Set<ManagedProcess> PROCESSES = ConcurrentHashMap.newKeySet();
  private static LocalCluster shared;

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () ->
                    PROCESSES.stream().filter(ManagedProcess::alive).forEach(ManagedProcess::kill),
                "local-cluster-reaper"));
  }

  private final Path dir;
  private final List<KafkaNode> brokers = new ArrayList<>();
  private final List<StreamgateNode> instances = new ArrayList<>();
  private final List<StreamgateNode> extras = new ArrayList<>();
  private final NginxProxy proxy;
  private final Admin admin;

  private LocalCluster(Path dir, int brokerCount, int instanceCount) {
    this.dir = dir;
    Path project = projectDir();
    String classpath = read(project.resolve("target/cluster.classpath"));
    Path jar = project.resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("Package the service first (./mvnw package): no " + jar);
    }
    for (int i = 1; i <= brokerCount; i++) {
      brokers.add(new KafkaNode(i, dir.resolve("kafka-" + i), classpath));
    }
    String bootstrap = bootstrapServers();
    for (int i = 1; i <= instanceCount; i++) {
      Map<String, String> settings = new LinkedHashMap<>(INSTANCE_SETTINGS);
      settings.put("kafka.bootstrap.servers", bootstrap);
      instances.add(new StreamgateNode(i, dir.resolve("streamgate-" + i), jar, settings));
    }
    this.proxy = new NginxProxy(dir.resolve("nginx"));
    Properties props = new Properties();
    props.put("bootstrap.servers", bootstrap);
    props.put("request.timeout.ms", "5000");
    props.put("default.api.timeout.ms", "10000");
    this.admin = Admin.create(props);
  }

  /** Starts a cluster and waits (bounded) until every part is up. */
  public static LocalCluster start(int brokerCount, int instanceCount) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
    Path dir = projectDir().resolve("target/failure-suite/cluster-" + stamp);
    LocalCluster cluster = new LocalCluster(dir, brokerCount, instanceCount);
    try {
      cluster.boot();
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** The one cluster the IT classes of a run share (started by the first, closed at JVM exit). */
  public static synchronized LocalCluster shared() {
    if (shared == null) {
      shared = start(3, 3);
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "local-cluster-close"));
    }
    return shared;
  }

  private void boot() {
    String voters =
        brokers.stream()
            .map(b -> b.id() + "@127.0.0.1:" + b.controllerPort())
            .collect(Collectors.joining(","));
    String clusterId = Uuid.randomUuid().toString();
    brokers.parallelStream().forEach(b -> b.format(clusterId, voters));
    brokers.forEach(KafkaNode::start);
    awaitBrokers(brokers);
    instances.forEach(StreamgateNode::start);
    proxy.start(instances);
    awaitReady(instances);
    await("nginx")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> Http.status(proxy.port(), "/q/health/live") == 200);
  }

  /** Restarts whatever is down and waits until every broker and instance is back. */
  public void ensureHealthy() {
    List<KafkaNode> down = brokers.stream().filter(b -> !b.alive()).toList();
    down.forEach(KafkaNode::start);
    awaitBrokers(brokers);
    instances.stream().filter(i -> !i.alive()).forEach(StreamgateNode::start);
    awaitReady(instances);
  }

  /** Waits until these brokers are registered and unfenced members of the cluster. */
  public void awaitBrokers(Collection<KafkaNode> nodes) {
    Set<Integer> wanted = nodes.stream().map(KafkaNode::id).collect(Collectors.toSet());
    await("brokers " + wanted + " registered")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              failIfDead(nodes);
              Collection<Node> live =
                  admin
                      .describeCluster(new DescribeClusterOptions().timeoutMs(3_000))
                      .nodes()
                      .get(4, TimeUnit.SECONDS);
              return live.stream().map(Node::id).collect(Collectors.toSet()).containsAll(wanted);
            });
  }

  /** Waits until these instances answer ready (their Kafka check included). */
  public void awaitReady(Collection<StreamgateNode> nodes) {
    await("instances ready")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              nodes.forEach(
                  n -> {
                    if (!n.alive()) {
                      throw new IllegalStateException(n + " exited:\n" + n.process().tail(40));
                    }
                  });
              return nodes.stream().allMatch(n -> n.readiness() == 200);
            });
  }

  private static void failIfDead(Collection<KafkaNode> nodes) {
    for (KafkaNode n : nodes) {
      if (!n.alive()) {
        throw new IllegalStateException("broker " + n.id() + " exited:\n" + n.process().tail(40));
      }
    }
  }

  /**
   * Starts one more instance against the cluster's brokers, not behind nginx, with {@code extra}
   * settings on top of every instance's (e.g. a schema registry's URL), and waits until it is
   * ready. It is closed with the cluster.
   */
  public synchronized StreamgateNode addInstance(Map<String, String> extra) {
    int index = 100 + extras.size() + 1;
    Map<String, String> settings = new LinkedHashMap<>(INSTANCE_SETTINGS);
    settings.put("kafka.bootstrap.servers", bootstrapServers());
    settings.putAll(extra);
    Path jar = projectDir().resolve("target/quarkus-app/quarkus-run.jar");
    StreamgateNode node =
        new StreamgateNode(index, dir.resolve("streamgate-" + index), jar, settings);
    extras.add(node);
    node.start();
    awaitReady(List.of(node));
    return node;
  }

  public List<KafkaNode> brokers() {
    return brokers;
  }

  public List<StreamgateNode> instances() {
    return instances;
  }

  public NginxProxy proxy() {
    return proxy;
  }

  /** Admin client of the cluster (shared; do not close). */
  public Admin admin() {
    return admin;
  }

  public String bootstrapServers() {
    return brokers.stream().map(KafkaNode::address).collect(Collectors.joining(","));
  }

  public Path dir() {
    return dir;
  }

  @Override
  public synchronized void close() {
    proxy.stop();
    instances.forEach(StreamgateNode::kill);
    extras.forEach(StreamgateNode::kill);
    brokers.forEach(KafkaNode::kill);
    admin.close(Duration.ofSeconds(2));
  }

  static void track(ManagedProcess process) {
    PROCESSES.add(process);
  }

  static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String nginxExecutable() {
    for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return "nginx";
  }

  static Path projectDir() {
    return Path.of(System.getProperty("streamgate.it.projectDir", "."))
        .toAbsolutePath()
        .normalize();
  }

  private static Map<String, String> instanceSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("streamgate.shutdown.drain-period", "6s");
    s.put("quarkus.shutdown.timeout", "10s");
    s.put("streamgate.stream.heartbeat", "2s");
    s.put("streamgate.stream.retry", "300ms");
    s.put("streamgate.stream.retry-jitter", "300ms");
    s.put("quarkus.log.console.format", "%d{HH:mm:ss.SSS} %-5p [%c{1}] %s%e%n");
    return Map.copyOf(s);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("Build the test classpath file first (./mvnw package)", e);
    }
  }

  /** Runs a cluster by hand: {@code LocalCluster [instances=3] [minutes=30]}. */
  public static void main(String[] args) throws InterruptedException {
    int instances = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    long minutes = args.length > 1 ? Long.parseLong(args[1]) : 30;
    long begin = System.nanoTime();
    try (LocalCluster cluster = start(3, instances)) {
      System.out.printf(
          "Local cluster up in %d s (work dir %s)%n",
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - begin), cluster.dir());
      System.out.println("  kafka:   " + cluster.bootstrapServers());
      cluster.brokers().forEach(b -> System.out.println("  " + b.process()));
      cluster.instances().forEach(i -> System.out.println("  " + i + " " + i.process()));
      System.out.println("  nginx:   " + cluster.proxy().url() + " " + cluster.proxy().process());
      System.out.printf("Ctrl-C stops everything (or it stops by itself in %d min)%n", minutes);
      // The cluster runs for the requested time: a deliberate lifetime, not a synchronization wait.
      new CountDownLatch(1).await(minutes, TimeUnit.MINUTES);
    }
  }
}
