package dev.streamgate.testing.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One Kafka broker of the local cluster, a forked JVM in KRaft combined mode (broker and
 * controller). Its ports and log directory survive a restart, so a killed node comes back as the
 * same member of the quorum with its data.
 */
public final class KafkaNode {

  private final int id;
  private final int port;
  private final int controllerPort;
  private final Path dir;
  private final String classpath;
  private ManagedProcess process;
  private int starts;

  KafkaNode(int id, Path dir, String classpath) {
    this.id = id;
    this.port = Ports.free();
    this.controllerPort = Ports.free();
    this.dir = dir;
    this.classpath = classpath;
  }

  public int id() {
    return id;
  }

  public int port() {
    return port;
  }

  int controllerPort() {
    return controllerPort;
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  /** Writes server.properties and formats the log directory (once, before the first start). */
  void format(String clusterId, String voters) {
    try {
      Files.createDirectories(dir.resolve("data"));
      List<String> lines = new ArrayList<>();
      lines.add("process.roles=broker,controller");
      lines.add("node.id=" + id);
      lines.add("controller.quorum.voters=" + voters);
      lines.add(
          "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
      lines.add("advertised.listeners=PLAINTEXT://127.0.0.1:" + port);
      lines.add("controller.listener.names=CONTROLLER");
      lines.add("inter.broker.listener.name=PLAINTEXT");
      lines.add("listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      lines.add("log.dirs=" + dir.resolve("data"));
      lines.add("num.partitions=1");
      lines.add("default.replication.factor=3");
      lines.add("min.insync.replicas=2");
      lines.add("offsets.topic.replication.factor=3");
      lines.add("transaction.state.log.replication.factor=3");
      lines.add("transaction.state.log.min.isr=2");
      lines.add("auto.create.topics.enable=false");
      lines.add("group.initial.rebalance.delay.ms=0");
      lines.add("log.retention.check.interval.ms=1000");
      lines.add("num.network.threads=2");
      lines.add("num.io.threads=2");
      lines.add("num.recovery.threads.per.data.dir=1");
      lines.add("background.threads=2");
      lines.add("log.cleaner.enable=false");
      // A restarted node must be back quickly; these bound how fast it rejoins and is fenced.
      lines.add("broker.session.timeout.ms=6000");
      lines.add("broker.heartbeat.interval.ms=1000");
      lines.add("replica.lag.time.max.ms=6000");
      lines.add("controlled.shutdown.enable=false");
      Files.write(dir.resolve("server.properties"), lines);
      Files.write(
          dir.resolve("log4j2.properties"),
          List.of(
              "rootLogger.level=WARN",
              "rootLogger.appenderRef.out.ref=out",
              "appender.out.type=Console",
              "appender.out.name=out",
              "appender.out.layout.type=PatternLayout",
              "appender.out.layout.pattern=%d{HH:mm:ss.SSS} %p %c{1} %m%n"));
      ManagedProcess format =
          ManagedProcess.start(
              "kafka-" + id + "-format",
              java(
                  "kafka.tools.StorageTool",
                  "format",
                  "-t",
                  clusterId,
                  "-c",
                  dir.resolve("server.properties").toString(),
                  "--ignore-formatted"),
              dir,
              dir.resolve("format.log"));
      if (!format.waitFor(Duration.ofSeconds(60))) {
        format.kill();
        throw new IllegalStateException("Formatting broker " + id + " timed out");
      }
      if (!Files.readString(dir.resolve("format.log")).contains("Formatting")) {
        throw new IllegalStateException("Formatting broker " + id + " failed:\n" + format.tail(20));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the broker JVM (returns at once; the cluster waits for it to register). */
  public synchronized void start() {
    if (alive()) {
      return;
    }
    starts++;
    process =
        ManagedProcess.start(
            "kafka-" + id,
            java("kafka.Kafka", dir.resolve("server.properties").toString()),
            dir,
            dir.resolve("kafka-" + id + "-" + starts + ".log"));
  }

  /** {@code kill -9} of the broker's PID. */
  public synchronized void kill() {
    if (process != null) {
      process.kill();
    }
  }

  public synchronized boolean alive() {
    return process != null && process.alive();
  }

  public synchronized ManagedProcess process() {
    return process;
  }

  private List<String> java(String main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(LocalCluster.javaExecutable());
    command.add("-Xms128m");
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Djava.awt.headless=true");
    command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
    command.add("-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"));
    command.add("-cp");
    command.add(classpath);
    command.add(main);
    command.addAll(List.of(args));
    return command;
  }
}
