package dev.streamgate.testing.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One Streamgate instance of the local cluster: the packaged jar, forked, on its own port. */
public final class StreamgateNode {

  private final int index;
  private final int port;
  private final Path dir;
  private final Path jar;
  private final Map<String, String> settings;
  private ManagedProcess process;
  private int starts;

  StreamgateNode(int index, Path dir, Path jar, Map<String, String> settings) {
    this.index = index;
    this.port = Ports.free();
    this.dir = dir;
    this.jar = jar;
    this.settings = settings;
  }

  public int index() {
    return index;
  }

  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Starts the instance (returns at once; see {@link LocalCluster#awaitReady}). */
  public synchronized void start() {
    if (alive()) {
      return;
    }
    starts++;
    List<String> command = new ArrayList<>();
    command.add(LocalCluster.javaExecutable());
    command.add("-Xms64m");
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    command.add("-Dquarkus.http.host=127.0.0.1");
    command.add("-Dquarkus.http.port=" + port);
    settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("-jar");
    command.add(jar.toString());
    process =
        ManagedProcess.start(
            "streamgate-" + index,
            command,
            dir,
            dir.resolve("streamgate-" + index + "-" + starts + ".log"));
  }

  /** {@code kill -9} of the instance's PID. */
  public synchronized void kill() {
    if (process != null) {
      process.kill();
    }
  }

  /** SIGTERM to the instance's PID: it drains and exits by itself. */
  public synchronized void terminate() {
    process.terminate();
  }

  public synchronized boolean alive() {
    return process != null && process.alive();
  }

  public synchronized ManagedProcess process() {
    return process;
  }

  /** HTTP status of {@code /q/health/ready} (-1 when nothing answers). */
  public int readiness() {
    return Http.status(port, "/q/health/ready");
  }

  /** HTTP status of {@code /q/health/live} (-1 when nothing answers). */
  public int liveness() {
    return Http.status(port, "/q/health/live");
  }

  /** Established TCP connections this instance holds on its HTTP port (streams, mostly). */
  public int connections() {
    return TcpTable.established(port);
  }

  /**
   * Streams open on this instance, from its {@code streamgate_streams_open} gauge (-1: no answer).
   */
  public int openStreams() {
    return Http.body(port, "/q/metrics")
        .lines()
        .filter(line -> line.matches("streamgate_streams_open(\\{.*})? .*"))
        .mapToInt(line -> (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(-1);
  }

  @Override
  public String toString() {
    return "streamgate-" + index + " :" + port;
  }
}
