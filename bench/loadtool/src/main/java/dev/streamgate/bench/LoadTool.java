package dev.streamgate.bench;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Entry point: {@code java -jar loadtool.jar <run|floor|capacity|snapshot|registry|conflate|overload|soak|produce|topic|gen-ceiling|fail|report> ...}.
 */
@Command(
    name = "loadtool",
    mixinStandardHelpOptions = true,
    subcommands = {
      RunCommand.class,
      FloorCommand.class,
      CapacityCommand.class,
      OverloadCommand.class,
      SoakCommand.class,
      SnapshotCommand.class,
      RegistryCommand.class,
      ConflateCommand.class,
      LoadTool.Produce.class,
      LoadTool.Topic.class,
      LoadTool.GenCeiling.class,
      LoadTool.Fail.class,
      Report.class
    },
    description = "SSE load tool for the Streamgate benchmark (loopback only).")
public final class LoadTool implements Runnable {

  public static void main(String[] args) {
    int rc = new CommandLine(new LoadTool()).execute(args);
    System.exit(rc);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Writes N events to Kafka or by HTTP POST, without subscribing. */
  @Command(name = "produce", mixinStandardHelpOptions = true, description = "Produce bench events.")
  static final class Produce implements Callable<Integer> {
    @Option(names = "--to", defaultValue = "kafka", description = "kafka | http")
    String to;

    @Mixin ProduceOptions producing = new ProduceOptions();

    @Option(names = "--events", defaultValue = "1000")
    long events;

    @Option(names = "--rate", defaultValue = "0", description = "events/s; 0 = burst")
    double rate;

    @Option(names = "--payload", defaultValue = "128")
    int payload;

    @Override
    public Integer call() throws Exception {
      AtomicLong errs = new AtomicLong();
      Producer.Sink sink = producing.sink(to, rate <= 0, errs, new AtomicReference<>());
      try (Producer p = new Producer(sink, producing.lanes(), events, rate, payload)) {
        p.start();
        long budget = rate > 0 ? (long) Math.ceil(events / rate) + 120 : 300;
        p.await(budget * 1000);
        System.out.printf(
            "produced %d events in %.3f s, errors %d%n",
            p.sent(), (p.endNanos() - p.startNanos()) / 1e9, p.sendErrors() + errs.get());
        return p.sendErrors() + errs.get() == 0 ? 0 : 1;
      }
    }
  }

  /** Creates a topic (bounded wait) so every system reads a fresh one. */
  @Command(name = "topic", mixinStandardHelpOptions = true, description = "Create a Kafka topic.")
  static final class Topic implements Callable<Integer> {
    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:19092")
    String bootstrap;

    @Option(names = "--topic", required = true)
    String topic;

    @Option(names = "--partitions", defaultValue = "3")
    int partitions;

    @Option(names = "--compact", description = "cleanup.policy=compact (the snapshot scenario's topic)")
    boolean compact;

    @Override
    public Integer call() throws Exception {
      Properties props = new Properties();
      props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
      props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
      try (Admin admin = Admin.create(props)) {
        try {
          admin
              .createTopics(List.of(newTopic()))
              .all()
              .get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) throw e;
        }
        // wait until the leader is known for every partition
        for (int i = 0; i < 100; i++) {
          var d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
          if (d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
            System.out.println("topic " + topic + " ready (" + partitions + " partitions" + (compact ? ", compacted" : "") + ")");
            return 0;
          }
          Thread.sleep(100);
        }
      }
      System.err.println("topic " + topic + " has no leader after 10 s");
      return 1;
    }

    private NewTopic newTopic() {
      NewTopic t = new NewTopic(topic, partitions, (short) 1);
      return compact ? t.configs(Map.of("cleanup.policy", "compact")) : t;
    }
  }

  /** A static text/event-stream file of N pre-encoded bench events (the ceiling). */
  @Command(name = "gen-ceiling", mixinStandardHelpOptions = true, description = "Write a static SSE file.")
  static final class GenCeiling implements Callable<Integer> {
    @Option(names = "--events", required = true)
    long events;

    @Option(names = "--partitions", defaultValue = "3")
    int partitions;

    @Option(names = "--payload", defaultValue = "128")
    int payload;

    @Option(names = "--out", required = true)
    Path out;

    @Override
    public Integer call() throws Exception {
      Files.createDirectories(out.toAbsolutePath().getParent());
      try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
        os.write("retry: 3000\n\n".getBytes(StandardCharsets.US_ASCII));
        long[] seq = new long[partitions];
        for (long i = 0; i < events; i++) {
          int p = (int) (i % partitions);
          long s = seq[p]++;
          os.write(("id: " + p + "-" + s + "\ndata: ").getBytes(StandardCharsets.US_ASCII));
          os.write(Payload.build(p, s, 0, payload));
          os.write('\n');
          os.write('\n');
        }
      }
      System.out.println("wrote " + events + " events to " + out + " (" + Files.size(out) + " bytes)");
      return 0;
    }
  }

  /** Records that a system could not run a scenario, with the error seen. */
  @Command(name = "fail", mixinStandardHelpOptions = true, description = "Append a failure result line.")
  static final class Fail implements Callable<Integer> {
    @Option(names = "--system", required = true)
    String system;

    @Option(names = "--scenario", required = true)
    String scenario;

    @Option(names = "--error", description = "what went wrong (the error seen)")
    String error;

    @Option(names = "--note", description = "why the case was not run, when that is by design")
    String note;

    @Option(names = "--connections", defaultValue = "0")
    int connections;

    @Option(names = "--out", required = true)
    Path out;

    @Override
    public Integer call() throws Exception {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("system", system);
      r.put("scenario", scenario);
      r.put("time", Instant.now().toString());
      r.put("connectionsRequested", connections);
      if (error != null) r.put("error", ResultLine.clip(error));
      if (note != null) r.put("note", note);
      ResultLine.write(r, out);
      return 0;
    }
  }
}
