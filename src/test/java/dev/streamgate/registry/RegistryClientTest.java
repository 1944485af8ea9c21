package dev.streamgate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamgate.decode.SchemaReference;
import dev.streamgate.decode.SchemaText;
import dev.streamgate.decode.SchemaType;
import dev.streamgate.decode.SubjectVersion;
import dev.streamgate.testing.ConfluentApiRegistryServer;
import dev.streamgate.testing.TestCertificates;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against the stand-in registry: shapes, retries, timeouts, failover, auth, TLS. */
class RegistryClientTest {

  private static final String AVRO = "{\"type\":\"string\"}";
  private static final String PROTO = "syntax = \"proto3\"; message M { string a = 1; }";

  private final ConfluentApiRegistryServer registry = ConfluentApiRegistryServer.start();

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void readsTheDocumentedShapes() throws Exception {
    int avro = registry.register("prices-value", null, AVRO);
    int proto =
        registry.register(
            "orders-value",
            "PROTOBUF",
            PROTO,
            ConfluentApiRegistryServer.reference("common/money.proto", "money", 2));
    RegistryClient client = client(Map.of());
    assertThat(client.schemaById(avro))
        .isEqualTo(new SchemaText(avro, SchemaType.AVRO, AVRO, List.of()));
    assertThat(client.schemaById(proto))
        .isEqualTo(
            new SchemaText(
                proto,
                SchemaType.PROTOBUF,
                PROTO,
                List.of(new SchemaReference("common/money.proto", "money", 2))));
    assertThat(client.registrationsOf(avro)).containsExactly(new SubjectVersion("prices-value", 1));
    RegistryClient.Registered latest = client.subjectVersion("orders-value", "latest");
    assertThat(latest.at()).isEqualTo(new SubjectVersion("orders-value", 1));
    assertThat(latest.schema().id()).isEqualTo(proto);
  }

  @Test
  void anUnknownIdIsFinalAfterOneRequest() {
    RegistryClient client = client(Map.of("streamgate.schema-registry.retries", "3"));
    assertThatThrownBy(() -> client.schemaById(404))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("40403")
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(RegistryException.Kind.NOT_FOUND);
    assertThat(registry.requests("/schemas/ids/404")).isEqualTo(1);
  }

  @Test
  void serverErrorsAreRetriedWithinTheBound() throws Exception {
    int id = registry.register("s", null, AVRO);
    RegistryClient client = client(Map.of("streamgate.schema-registry.retries", "3"));
    registry.failNext(2, 503);
    assertThat(client.schemaById(id).text()).isEqualTo(AVRO);
    assertThat(registry.requests("/schemas/ids/" + id)).isEqualTo(3);
    registry.failNext(100, 500);
    assertThatThrownBy(() -> client.schemaById(id))
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(RegistryException.Kind.UNAVAILABLE);
    assertThat(registry.requests("/schemas/ids/" + id)).isEqualTo(3 + 4);
  }

  @Test
  void aSlowAnswerTimesOutAndIsRetried() {
    int id = registry.register("s", null, AVRO);
    RegistryClient client =
        client(
            Map.of(
                "streamgate.schema-registry.retries", "1",
                "streamgate.schema-registry.request-timeout", "200ms"));
    registry.hold();
    assertThatThrownBy(() -> client.schemaById(id))
        .hasMessageContaining("in time")
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(RegistryException.Kind.UNAVAILABLE);
    registry.release();
    assertThat(registry.requests("/schemas/ids/" + id)).isEqualTo(2);
  }

  @Test
  void urlsAreTriedInTurnAndTheOneThatAnsweredIsAskedFirst() throws Exception {
    int id = registry.register("s", null, AVRO);
    try (ConfluentApiRegistryServer failing = ConfluentApiRegistryServer.start()) {
      failing.failNext(1_000, 503);
      RegistryClient client =
          client(
              Map.of(
                  "streamgate.schema-registry.url",
                  closedPort() + "," + failing.url() + "," + registry.url(),
                  "streamgate.schema-registry.retries",
                  "0"));
      assertThat(client.schemaById(id).text()).isEqualTo(AVRO);
      assertThat(client.schemaById(id).text()).isEqualTo(AVRO);
      assertThat(failing.requests()).isEqualTo(1);
      assertThat(registry.requests("/schemas/ids/" + id)).isEqualTo(2);
    }
  }

  @Test
  void aRefusedConnectionIsUnavailable() throws Exception {
    RegistryClient client =
        client(
            Map.of(
                "streamgate.schema-registry.url", closedPort().toString(),
                "streamgate.schema-registry.retries", "1",
                "streamgate.schema-registry.backoff", "10ms"));
    assertThatThrownBy(() -> client.schemaById(1))
        .hasMessageContaining("cannot be reached")
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(RegistryException.Kind.UNAVAILABLE);
  }

  @Test
  void basicAndBearerAuth() throws Exception {
    int id = registry.register("s", null, AVRO);
    registry.requireAuthorization(RegistryAuth.basic("key", "secret").header().orElseThrow());
    assertThat(
            client(
                    Map.of(
                        "streamgate.schema-registry.basic-auth.username", "key",
                        "streamgate.schema-registry.basic-auth.password", "secret"))
                .schemaById(id)
                .text())
        .isEqualTo(AVRO);
    assertThatThrownBy(() -> client(Map.of()).schemaById(id))
        .hasMessageContaining("401")
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(RegistryException.Kind.REFUSED);
    registry.requireAuthorization("Bearer t0k3n");
    assertThat(
            client(Map.of("streamgate.schema-registry.bearer-token", "t0k3n"))
                .schemaById(id)
                .text())
        .isEqualTo(AVRO);
    assertThatThrownBy(
            () -> client(Map.of("streamgate.schema-registry.bearer-token", "wrong")).schemaById(id))
        .extracting(e -> ((RegistryException) e).kind())
        .isEqualTo(RegistryException.Kind.REFUSED);
  }

  @Test
  void apicuriosCcompatBasePath() throws Exception {
    try (ConfluentApiRegistryServer apicurio =
        ConfluentApiRegistryServer.start("/apis/ccompat/v7")) {
      int id = apicurio.register("s", "PROTOBUF", PROTO);
      RegistryClient client =
          client(Map.of("streamgate.schema-registry.url", apicurio.url() + "/"));
      assertThat(client.schemaById(id).type()).isEqualTo(SchemaType.PROTOBUF);
      assertThat(apicurio.requests("/schemas/ids/" + id)).isEqualTo(1);
    }
  }

  @Test
  void tlsWithACaFile(@TempDir Path directory) throws Exception {
    TestCertificates.Certificate certificate = TestCertificates.selfSigned(directory);
    try (ConfluentApiRegistryServer tls =
        ConfluentApiRegistryServer.startTls(certificate.serverContext())) {
      int id = tls.register("s", null, AVRO);
      assertThat(tls.url().getScheme()).isEqualTo("https");
      RegistryClient trusting =
          client(
              Map.of(
                  "streamgate.schema-registry.url", tls.url().toString(),
                  "streamgate.schema-registry.tls.ca-file", certificate.caFile().toString()));
      assertThat(trusting.schemaById(id).text()).isEqualTo(AVRO);
      RegistryClient untrusting =
          client(
              Map.of(
                  "streamgate.schema-registry.url",
                  tls.url().toString(),
                  "streamgate.schema-registry.retries",
                  "0"));
      assertThatThrownBy(() -> untrusting.schemaById(id))
          .extracting(e -> ((RegistryException) e).kind())
          .isEqualTo(RegistryException.Kind.UNAVAILABLE);
      assertThat(tls.requests()).isEqualTo(1);
    }
  }

  private RegistryClient client(Map<String, String> settings) {
    Map<String, String> all = new HashMap<>();
    all.put("streamgate.schema-registry.url", registry.url().toString());
    all.put("streamgate.schema-registry.backoff", "10ms");
    all.putAll(settings);
    return RegistryDecoding.client(RegistryConfigs.of(all));
  }

  /** A URL whose port was just free: nothing listens there, so connecting is refused. */
  static URI closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
  }
}
