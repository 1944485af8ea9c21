package dev.streamgate.demo;

import dev.streamgate.devkafka.EmbeddedKafka;
import dev.streamgate.testing.ConfluentApiRegistryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * What {@code ./mvnw -Pdemo} runs: a throw-away Kafka broker in this JVM plus the packaged service
 * as a child process with the demo feed on, so a fresh clone shows a live stream with no Docker and
 * no Kafka install; and a stand-in schema registry with an Avro topic ({@link AvroDemoFeed}) that
 * the service decodes. Lives in test sources so the broker never ships in the service artifact.
 *
 * <p>Ctrl-C, a kill of this JVM, or the end of the Maven process that started it (an IDE's stop
 * button or {@code timeout} sends Maven a SIGTERM, which Maven does not pass on) runs the shutdown
 * hook, which stops the service and then the broker, so nothing is left running and the port is
 * free within a few seconds ({@code DemoStopIT}); if the service exits on its own, so does this
 * launcher, with the service's exit code.
 */
public final class DemoLauncher {

  private static final Duration READY_DEADLINE = Duration.ofSeconds(120);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  /**
   * How long the broker may take to close at exit; its data is thrown away at the next start, so
   * the launcher does not wait out its controlled shutdown (about 3 s) once the service is gone.
   */
  private static final Duration BROKER_GRACE = Duration.ofSeconds(1);

  /** Broker classes log at INFO by the hundreds; kept by reference so the levels stick. */
  private static final List<Logger> QUIET_LOGGERS =
      List.of(Logger.getLogger("kafka"), Logger.getLogger("org.apache.kafka"));

  private DemoLauncher() {}

  public static void main(String[] args) throws Exception {
    QUIET_LOGGERS.forEach(logger -> logger.setLevel(Level.WARNING));
    Path projectDir =
        Path.of(System.getProperty("streamgate.demo.projectDir", "")).toAbsolutePath();
    int port = Integer.getInteger("streamgate.demo.port", 8080);
    Path jar = projectDir.resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      System.err.println("No " + jar + ": build the service first (./mvnw -Pdemo does).");
      System.exit(2);
    }

    Path dataDir = projectDir.resolve(System.getProperty("streamgate.demo.dataDir", ".data/kafka"));
    deleteRecursively(dataDir);
    Files.createDirectories(dataDir);
    System.out.println("Starting the demo Kafka broker in " + dataDir + " ...");
    EmbeddedKafka broker = EmbeddedKafka.start(dataDir);
    // A stand-in schema registry (the Confluent REST API's shapes; no real one runs here) and an
    // Avro topic written through it, so the dashboard shows decoding too.
    ConfluentApiRegistryServer registry = ConfluentApiRegistryServer.start();
    AvroDemoFeed.start(broker.bootstrapServers(), registry);

    Process service =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dkafka.bootstrap.servers=" + broker.bootstrapServers(),
                "-Dstreamgate.demo.enabled=true",
                "-Dstreamgate.schema-registry.url=" + registry.url(),
                // the demo shows POST /topics/{topic}/events, off by default (and warned about
                // at start, since the demo runs without JWT)
                "-Dstreamgate.publish.enabled=true",
                // the packaged service logs JSON (prod profile); a person reads this console
                "-Dquarkus.log.console.json.enabled=false",
                // one instance, no load balancer: a stop hands the dashboards over in a second
                // and goes on, instead of spreading them over 30 s for other pods to take
                "-Dstreamgate.shutdown.drain-period=1s",
                "-Dquarkus.shutdown.delay=0s",
                "-Dquarkus.http.port=" + port,
                "-jar",
                jar.toString())
            .directory(projectDir.toFile())
            .inheritIO()
            .start();

    // Both the main thread (service exited) and the shutdown hook (Ctrl-C) close the broker; the
    // lock makes the second caller wait for the first, so the JVM never halts mid-close.
    AtomicBoolean brokerClosed = new AtomicBoolean();
    Runnable closeBroker =
        () -> {
          synchronized (brokerClosed) {
            if (brokerClosed.compareAndSet(false, true)) {
              broker.closeWithin(BROKER_GRACE);
            }
          }
        };
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop(service);
                  closeBroker.run();
                },
                "streamgate-demo-shutdown"));

    // Maven's exec plugin does not pass its own termination on: if Maven is killed rather than
    // interrupted with Ctrl-C, follow it, so that the service and the broker do not outlive it.
    ProcessHandle.current()
        .parent()
        .ifPresent(maven -> maven.onExit().thenRun(() -> System.exit(143)));

    Thread readiness = new Thread(() -> announceWhenReady(service, port), "streamgate-demo-ready");
    readiness.setDaemon(true);
    readiness.start();

    int exitCode = service.waitFor();
    closeBroker.run();
    System.exit(exitCode);
  }

  /** Polls the readiness endpoint until it answers 200, the service dies or the deadline passes. */
  private static void announceWhenReady(Process service, int port) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .build();
    Instant deadline = Instant.now().plus(READY_DEADLINE);
    while (service.isAlive() && Instant.now().isBefore(deadline)) {
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          String base = "http://localhost:" + port;
          System.out.println();
          System.out.println(
              "Streamgate is up: dashboard "
                  + base
                  + "/  stream: curl -N "
                  + base
                  + "/streams/demo.prices");
          System.out.println(
              "Avro, decoded through a stand-in schema registry: "
                  + base
                  + "/?topics="
                  + AvroDemoFeed.TOPIC);
          System.out.println();
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        return;
      }
      try {
        // Waiting on the process is a bounded pause that also ends early if the service dies.
        service.waitFor(500, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
    }
    if (service.isAlive()) {
      System.err.println(
          "Streamgate did not report ready within " + READY_DEADLINE.toSeconds() + " s");
    }
  }

  private static void stop(Process service) {
    if (!service.isAlive()) {
      return;
    }
    service.destroy();
    try {
      if (!service.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
        service.destroyForcibly().waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      service.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.delete(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
