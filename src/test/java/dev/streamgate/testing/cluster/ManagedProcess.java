package dev.streamgate.testing.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process of the harness: its output goes to a log file, and it is only ever ended through
 * its own PID (SIGTERM with {@link #terminate}, SIGKILL with {@link #kill}), each wait bounded.
 */
public final class ManagedProcess {

  private final String name;
  private final Process process;
  private final Path log;

  private ManagedProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code command} in {@code workDir}, appending stdout and stderr to {@code log}. */
  public static ManagedProcess start(String name, List<String> command, Path workDir, Path log) {
    try {
      Files.createDirectories(log.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
      Process process = builder.start();
      ManagedProcess managed = new ManagedProcess(name, process, log);
      LocalCluster.track(managed);
      return managed;
    } catch (IOException e) {
      throw new IllegalStateException("Could not start " + name + ": " + command, e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL to this PID, then waits (bounded) until it is gone. */
  public void kill() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(10));
  }

  /** SIGTERM to this PID: the process shuts down on its own; see {@link #waitFor}. */
  public void terminate() {
    process.destroy();
  }

  /** SIGTERM, then SIGKILL if it has not exited within {@code grace}. */
  public void stop(Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!waitFor(grace)) {
      kill();
    }
  }

  /** Waits at most {@code timeout} for the process to exit; true if it did. */
  public boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  /** The last lines of its log, for failure messages. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + pid() + ")";
  }
}
