package dev.streamgate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamgate.decode.ConfluentFrames;
import dev.streamgate.decode.DecodeError;
import dev.streamgate.decode.DecodeLimits;
import dev.streamgate.decode.DecodeReason;
import dev.streamgate.decode.Decoded;
import dev.streamgate.decode.Decoding;
import dev.streamgate.decode.FramedDecoder;
import dev.streamgate.decode.SchemaRef;
import dev.streamgate.decode.SchemaType;
import dev.streamgate.decode.TopicDecoder;
import dev.streamgate.testing.ConfluentApiRegistryServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code streamgate.schema-registry.*} as SmallRye Config maps it, and what each topic gets. */
class SchemaRegistryConfigTest {

  private static final String P = "streamgate.schema-registry.";

  @Test
  void withoutAUrlNothingIsDecoded() {
    SchemaRegistryConfig config = RegistryConfigs.of(Map.of());
    assertThat(config.url()).isEmpty();
    assertThat(RegistryDecoding.limits(config)).isEqualTo(DecodeLimits.DEFAULTS);
    assertThat(config.retries()).isEqualTo(3);
    assertThat(config.cacheSize()).isEqualTo(1000);
    TopicDecoder decoder = RegistryDecoding.topicDecoders(config).forTopic("prices");
    assertThat(decoder).isSameAs(TopicDecoder.OFF);
  }

  @Test
  void theUrlIsOneOrACommaSeparatedOrAnIndexedList() {
    assertThat(RegistryDecoding.urls(RegistryConfigs.of(Map.of(P + "url", "http://a:8081"))))
        .containsExactly(URI.create("http://a:8081"));
    assertThat(
            RegistryDecoding.urls(
                RegistryConfigs.of(Map.of(P + "url", "http://a:8081, https://b/apis/ccompat/v7"))))
        .containsExactly(URI.create("http://a:8081"), URI.create("https://b/apis/ccompat/v7"));
    assertThat(
            RegistryDecoding.urls(
                RegistryConfigs.of(Map.of(P + "url[0]", "http://a:1", P + "url[1]", "http://b:2"))))
        .containsExactly(URI.create("http://a:1"), URI.create("http://b:2"));
  }

  @Test
  void wrongSettingsAreRefusedWithTheirKey() {
    assertThatThrownBy(() -> client(Map.of(P + "url", "ftp://a")))
        .hasMessageContaining("streamgate.schema-registry.url");
    assertThatThrownBy(() -> client(Map.of(P + "url", "http://user:pw@a")))
        .hasMessageContaining("basic-auth")
        .hasMessageNotContaining("pw");
    assertThatThrownBy(() -> client(Map.of(P + "url", "http://a", P + "basic-auth.username", "u")))
        .hasMessageContaining("basic-auth");
    assertThatThrownBy(
            () ->
                client(
                    Map.of(
                        P + "url", "http://a",
                        P + "basic-auth.username", "u",
                        P + "basic-auth.password", "p",
                        P + "bearer-token", "t")))
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> topics(Map.of(P + "url", "http://a", P + "topics.t.decode", "avro")))
        .hasMessageContaining("topics.\"t\"")
        .hasMessageContaining("exactly one");
    assertThatThrownBy(
            () ->
                topics(
                    Map.of(
                        P + "url", "http://a",
                        P + "topics.t.decode", "off",
                        P + "topics.t.schema-file", "x.avsc")))
        .hasMessageContaining("need decode=avro");
    assertThatThrownBy(
            () ->
                topics(
                    Map.of(P + "topics.t.decode", "protobuf", P + "topics.t.schema-subject", "s")))
        .hasMessageContaining("needs streamgate.schema-registry.url");
    assertThatThrownBy(
            () ->
                topics(
                    Map.of(
                        P + "url", "http://a",
                        P + "topics.t.decode", "avro",
                        P + "topics.t.schema-file", "x",
                        P + "topics.t.message", "M")))
        .hasMessageContaining("message needs decode=protobuf");
  }

  @Test
  void perTopicOverrides(@TempDir Path directory) throws Exception {
    Path avsc = directory.resolve("tick.avsc");
    Files.writeString(
        avsc,
        "{\"type\":\"record\",\"name\":\"Tick\",\"fields\":[{\"name\":\"px\",\"type\":\"int\"}]}");
    try (ConfluentApiRegistryServer registry = ConfluentApiRegistryServer.start()) {
      int id =
          registry.register(
              "legacy-proto",
              "PROTOBUF",
              "syntax = \"proto3\"; package l; message A { int32 a = 1; } message B { string b = 1; }");
      Map<String, String> settings = new HashMap<>();
      settings.put(P + "url", registry.url().toString());
      settings.put(P + "topics.\"binary.blobs\".decode", "off");
      settings.put(P + "topics.ticks.decode", "avro");
      settings.put(P + "topics.ticks.schema-file", avsc.toString());
      settings.put(P + "topics.\"legacy.b\".decode", "protobuf");
      settings.put(P + "topics.\"legacy.b\".schema-subject", "legacy-proto");
      settings.put(P + "topics.\"legacy.b\".message", "l.B");
      settings.put(P + "topics.broken.decode", "avro");
      settings.put(P + "topics.broken.schema-file", directory.resolve("missing.avsc").toString());
      TopicDecoders decoders = topics(settings);

      assertThat(decoders.forTopic("binary.blobs")).isSameAs(TopicDecoder.OFF);
      assertThat(decoders.forTopic("anything")).isInstanceOf(FramedDecoder.class);

      Decoding tick = decoders.forTopic("ticks").value(new byte[] {(byte) 0xc8, 0x01});
      assertThat(((Decoded) tick).jsonText()).isEqualTo("{\"px\":100}");
      assertThat(((Decoded) tick).schema())
          .isEqualTo(new SchemaRef(-1, SchemaType.AVRO, null, null));

      TopicDecoder legacy = decoders.forTopic("legacy.b");
      Decoding b = legacy.value(new byte[] {0x0a, 0x01, 'x'});
      assertThat(((Decoded) b).jsonText()).isEqualTo("{\"b\":\"x\"}");
      assertThat(((Decoded) b).schema())
          .isEqualTo(new SchemaRef(id, SchemaType.PROTOBUF, "legacy-proto", 1));
      legacy.value(new byte[] {0x0a, 0x01, 'y'});
      assertThat(registry.requests("/subjects/legacy-proto/versions/latest")).isEqualTo(1);

      Decoding broken = decoders.forTopic("broken").value(new byte[] {2});
      assertThat(((DecodeError) broken).reason()).isEqualTo(DecodeReason.INVALID_SCHEMA);
      // keys of a bare topic are decoded as framed keys
      assertThat(decoders.forTopic("ticks").key(ConfluentFrames.framed(404, new byte[] {2})))
          .isInstanceOf(DecodeError.class);
    }
  }

  @Test
  void aSubjectUnavailableAtFirstIsAskedAgainWithTheNextValue() {
    try (ConfluentApiRegistryServer registry = ConfluentApiRegistryServer.start()) {
      registry.register("s", null, "\"string\"");
      TopicDecoders decoders =
          topics(
              Map.of(
                  P + "url", registry.url().toString(),
                  P + "retries", "0",
                  P + "wait-for-registry", "0s",
                  P + "topics.t.decode", "avro",
                  P + "topics.t.schema-subject", "s"));
      TopicDecoder decoder = decoders.forTopic("t");
      registry.failNext(1, 503);
      assertThat(((DecodeError) decoder.value(new byte[] {2, 'a'})).reason())
          .isEqualTo(DecodeReason.REGISTRY_UNAVAILABLE);
      assertThat(((Decoded) decoder.value(new byte[] {2, 'a'})).jsonText()).isEqualTo("\"a\"");
      assertThat(List.of(registry.requests("/subjects/s/versions/latest"))).containsExactly(2);
    }
  }

  private static RegistryClient client(Map<String, String> settings) {
    return RegistryDecoding.client(RegistryConfigs.of(settings));
  }

  private static TopicDecoders topics(Map<String, String> settings) {
    return RegistryDecoding.topicDecoders(RegistryConfigs.of(settings));
  }
}
