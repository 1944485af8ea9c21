package dev.streamgate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.testing.SseStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./mvnw -Pdemo} stopped the way an IDE's stop button or {@code timeout} stops it: a SIGTERM
 * to Maven alone, or to Maven's whole process group. Maven starts the launcher (the exec plugin's
 * {@code run-demo} execution, as the demo profile does after packaging), which starts the service;
 * neither may outlive Maven or keep the port. Runs after {@code package}, on a free port and its
 * own broker directory under {@code target/}, so it disturbs no demo a person is running.
 */
class DemoStopIT {

  /**
   * The launcher notices Maven's end within a second, stops the service (a one-second drain: there
   * is no other instance to hand the dashboard to) and then the broker.
   */
  private static final Duration STOPPED_WITHIN = Duration.ofSeconds(6);

  private static final Path PROJECT =
      Path.of(System.getProperty("streamgate.it.projectDir", ".")).toAbsolutePath().normalize();

  @Test
  void aSigtermToMavenAloneEndsTheLauncherAndTheService() throws Exception {
    long millis = startThenTerminate("maven-only", false);
    System.out.printf(
        "[demo-stop] SIGTERM to Maven alone: all gone, port free after %d ms%n", millis);
  }

  @Test
  void aSigtermToMavensProcessGroupEndsEverything() throws Exception {
    long millis = startThenTerminate("process-group", true);
    System.out.printf(
        "[demo-stop] SIGTERM to Maven's process group: all gone, port free after %d ms%n", millis);
  }

  /** Starts the demo through Maven, sends the SIGTERM, returns how long until all was gone. */
  private static long startThenTerminate(String name, boolean wholeGroup) throws Exception {
    int port = freePort();
    Path dir = PROJECT.resolve("target/demo-it/" + name);
    Files.createDirectories(dir);
    Path log = dir.resolve("maven.log");
    // setsid: Maven leads a process group of its own, as under timeout or an IDE
    Process maven =
        new ProcessBuilder(
                "setsid",
                PROJECT.resolve("mvnw").toString(),
                "-B",
                "-ntp",
                "-Pdemo",
                "exec:exec@run-demo",
                "-Dstreamgate.demo.port=" + port,
                "-Dstreamgate.demo.dataDir=" + dir.resolve("kafka"))
            .directory(PROJECT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    List<ProcessHandle> children = List.of();
    SseStream stream = null;
    try {
      await("the demo ready on port " + port)
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                if (!maven.isAlive()) {
                  throw new AssertionError("Maven ended:\n" + Files.readString(log));
                }
                return ready(port);
              });
      // a dashboard is open: the service has a stream to hand over
      stream = SseStream.open("http://127.0.0.1:" + port + "/streams/demo.prices");
      SseStream open = stream;
      await("a stream open on the demo")
          .atMost(Duration.ofSeconds(30))
          .until(() -> !open.events("stream-info").isEmpty());
      children = maven.descendants().toList();
      assertThat(children)
          .as("the launcher and the service, children of Maven")
          .anyMatch(p -> commandLine(p).contains("dev.streamgate.demo.DemoLauncher"))
          .anyMatch(p -> commandLine(p).contains("quarkus-run.jar"));

      long sent = System.nanoTime();
      if (wholeGroup) {
        Process kill =
            new ProcessBuilder("kill", "-TERM", "--", "-" + maven.pid()).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
      } else {
        maven.destroy();
      }
      assertThat(maven.waitFor(30, TimeUnit.SECONDS)).as("Maven ends on SIGTERM").isTrue();
      List<ProcessHandle> started = children;
      await("the launcher and the service gone, port " + port + " free")
          .atMost(STOPPED_WITHIN)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> started.stream().noneMatch(ProcessHandle::isAlive) && !listening(port));
      assertThat(stream.ended()).isTrue();
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
    } finally {
      if (stream != null) {
        stream.close();
      }
      children.forEach(ProcessHandle::destroyForcibly);
      maven.destroyForcibly();
    }
  }

  /** The process' arguments from /proc (ProcessHandle.Info leaves out long command lines). */
  private static String commandLine(ProcessHandle process) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"))
          .replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  private static boolean ready(int port) {
    try {
      HttpResponse<Void> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
