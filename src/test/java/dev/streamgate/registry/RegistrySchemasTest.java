package dev.streamgate.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.streamgate.decode.ConfluentFrames;
import dev.streamgate.decode.DecodeError;
import dev.streamgate.decode.DecodeException;
import dev.streamgate.decode.DecodeLimits;
import dev.streamgate.decode.DecodeReason;
import dev.streamgate.decode.Decoded;
import dev.streamgate.decode.Decoding;
import dev.streamgate.decode.FramedDecoder;
import dev.streamgate.decode.RegisteredSchema;
import dev.streamgate.decode.SchemaCompiler;
import dev.streamgate.testing.ConfluentApiRegistryServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pod's schema cache over the stand-in registry: one look-up per id, outages, bounds. */
class RegistrySchemasTest {

  private static final String STRING = "\"string\"";
  private static final byte[] HELLO = {10, 'h', 'e', 'l', 'l', 'o'};

  private final ConfluentApiRegistryServer registry = ConfluentApiRegistryServer.start();

  @AfterEach
  void stop() {
    registry.close();
  }

  @Test
  void aThousandConcurrentLookUpsOfOneIdMakeOneRequest() throws Exception {
    int id = registry.register("prices-value", null, STRING);
    RegistrySchemas schemas = schemas(Map.of());
    registry.hold();
    int threads = 1_000;
    CountDownLatch started = new CountDownLatch(threads);
    Map<RegisteredSchema, Boolean> seen = new ConcurrentHashMap<>();
    List<Thread> lookups = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Thread thread =
          new Thread(
              () -> {
                started.countDown();
                seen.put(schemas.byId(id), true);
              });
      thread.start();
      lookups.add(thread);
    }
    started.await();
    await().until(() -> registry.requests("/schemas/ids/" + id) == 1);
    registry.release();
    for (Thread thread : lookups) {
      thread.join();
    }
    assertThat(seen).hasSize(1);
    assertThat(registry.requests("/schemas/ids/" + id)).isEqualTo(1);
    assertThat(registry.requests("/schemas/ids/" + id + "/versions")).isEqualTo(1);
  }

  @Test
  void aHundredThousandRecordsOfOneSchemaMakeOneFetch() {
    int id = registry.register("prices-value", null, STRING);
    FramedDecoder decoder = new FramedDecoder("prices", schemas(Map.of()), DecodeLimits.DEFAULTS);
    byte[] framed = ConfluentFrames.framed(id, HELLO);
    for (int i = 0; i < 100_000; i++) {
      assertThat(decoder.value(framed)).isInstanceOf(Decoded.class);
    }
    Decoded decoded = (Decoded) decoder.value(framed);
    assertThat(decoded.jsonText()).isEqualTo("\"hello\"");
    assertThat(decoded.schema().subject()).isEqualTo("prices-value");
    assertThat(decoded.schema().version()).isEqualTo(1);
    assertThat(registry.requests()).isEqualTo(2); // the id, and where it is registered
  }

  @Test
  void anOutageStallsNoCachedIdAndBoundsTheWaitOfAnUncachedOne() {
    int cached = registry.register("a-value", null, STRING);
    int uncached = registry.register("b-value", null, STRING);
    FramedDecoder decoder =
        new FramedDecoder(
            "a",
            schemas(Map.of("streamgate.schema-registry.wait-for-registry", "300ms")),
            DecodeLimits.DEFAULTS);
    assertThat(decoder.value(ConfluentFrames.framed(cached, HELLO))).isInstanceOf(Decoded.class);
    int before = registry.requests();
    registry.failNext(Integer.MAX_VALUE, 503);

    assertThat(decoder.value(ConfluentFrames.framed(cached, HELLO))).isInstanceOf(Decoded.class);
    assertThat(registry.requests()).isEqualTo(before);

    long start = System.nanoTime();
    Decoding waited = decoder.value(ConfluentFrames.framed(uncached, HELLO));
    long waitedMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(waited).isInstanceOf(DecodeError.class);
    assertThat(((DecodeError) waited).reason()).isEqualTo(DecodeReason.REGISTRY_UNAVAILABLE);
    assertThat(((DecodeError) waited).schemaId()).isEqualTo(uncached);
    assertThat(waitedMillis).isGreaterThanOrEqualTo(300);
    assertThat(registry.requests("/schemas/ids/" + uncached)).isGreaterThan(1);

    registry.failNext(0, 503);
    assertThat(decoder.value(ConfluentFrames.framed(uncached, HELLO))).isInstanceOf(Decoded.class);
  }

  @Test
  void aRecordWaitsForARegistryThatComesBackWithinTheBound() {
    int id = registry.register("s", null, STRING);
    RegistrySchemas schemas =
        schemas(
            Map.of(
                "streamgate.schema-registry.retries", "0",
                "streamgate.schema-registry.wait-for-registry", "20s"));
    registry.failNext(4, 503);
    assertThat(schemas.byId(id).id()).isEqualTo(id);
    assertThat(registry.requests("/schemas/ids/" + id)).isEqualTo(5);
  }

  @Test
  void anUnknownIdIsRememberedUntilTheRecheck() {
    AtomicLong now = new AtomicLong(-1_000_000_000_000L); // System.nanoTime may be negative
    RegistrySchemas schemas = schemas(Map.of(), now::get);
    assertThat(reason(() -> schemas.byId(77))).isEqualTo(DecodeReason.UNKNOWN_SCHEMA);
    assertThat(reason(() -> schemas.byId(77))).isEqualTo(DecodeReason.UNKNOWN_SCHEMA);
    assertThat(registry.requests("/schemas/ids/77")).isEqualTo(1);
    now.addAndGet(Duration.ofSeconds(61).toNanos());
    registry.registerAs(77, "late-value", null, STRING);
    assertThat(schemas.byId(77).id()).isEqualTo(77);
    assertThat(schemas.byId(77).id()).isEqualTo(77);
    assertThat(registry.requests("/schemas/ids/77")).isEqualTo(2);
  }

  @Test
  void anInvalidSchemaIsKeptAsItsIdNeverChanges() {
    int id = registry.register("s", null, "{\"type\":\"nonsense\"}");
    RegistrySchemas schemas = schemas(Map.of());
    assertThat(reason(() -> schemas.byId(id))).isEqualTo(DecodeReason.INVALID_SCHEMA);
    assertThat(reason(() -> schemas.byId(id))).isEqualTo(DecodeReason.INVALID_SCHEMA);
    assertThat(registry.requests("/schemas/ids/" + id)).isEqualTo(1);
    int other = registry.register("t", "XML", "<schema/>");
    assertThat(reason(() -> schemas.byId(other))).isEqualTo(DecodeReason.UNSUPPORTED_SCHEMA_TYPE);
  }

  @Test
  void theLeastRecentlyUsedSchemaIsDroppedBeyondTheBound() {
    int a = registry.register("a", null, STRING);
    int b = registry.register("b", null, STRING);
    int c = registry.register("c", null, STRING);
    RegistrySchemas schemas = schemas(Map.of("streamgate.schema-registry.cache-size", "2"));
    schemas.byId(a);
    schemas.byId(b);
    schemas.byId(a);
    schemas.byId(c); // drops b, the least recently used
    assertThat(schemas.cached()).isEqualTo(2);
    schemas.byId(a);
    schemas.byId(c);
    assertThat(registry.requests("/schemas/ids/" + a)).isEqualTo(1);
    schemas.byId(b);
    assertThat(registry.requests("/schemas/ids/" + b)).isEqualTo(2);
  }

  @Test
  void protobufReferencesAreFetchedByTheirSubjectAndVersion() {
    registry.register(
        "money",
        "PROTOBUF",
        "syntax = \"proto3\"; package common; message Money { int64 units = 1; }");
    int orders =
        registry.register(
            "orders-value",
            "PROTOBUF",
            "syntax = \"proto3\"; import \"common/money.proto\"; import \"google/protobuf/timestamp.proto\";"
                + " message Order { common.Money total = 1; google.protobuf.Timestamp at = 2; }",
            ConfluentApiRegistryServer.reference("common/money.proto", "money", 1));
    FramedDecoder decoder = new FramedDecoder("orders", schemas(Map.of()), DecodeLimits.DEFAULTS);
    // Order { total { units: 5 } at { seconds: 1 } }
    byte[] payload = {0x0a, 0x02, 0x08, 0x05, 0x12, 0x02, 0x08, 0x01};
    Decoding decoding = decoder.value(ConfluentFrames.protobuf(orders, List.of(0), payload));
    assertThat(((Decoded) decoding).jsonText())
        .isEqualTo("{\"total\":{\"units\":\"5\"},\"at\":\"1970-01-01T00:00:01Z\"}");
    assertThat(registry.requests("/subjects/money/versions/1")).isEqualTo(1);
  }

  @Test
  void aReferenceTheRegistryDoesNotKnowIsAnUnknownSchemaOfTheRecordsId() {
    int orders =
        registry.register(
            "orders-value",
            "PROTOBUF",
            "syntax = \"proto3\"; import \"gone.proto\"; message Order { int32 a = 1; }",
            ConfluentApiRegistryServer.reference("gone.proto", "gone", 3));
    DecodeError error =
        (DecodeError)
            new FramedDecoder("orders", schemas(Map.of()), DecodeLimits.DEFAULTS)
                .value(ConfluentFrames.protobuf(orders, List.of(0), new byte[0]));
    assertThat(error.reason()).isEqualTo(DecodeReason.UNKNOWN_SCHEMA);
    assertThat(error.schemaId()).isEqualTo(orders);
    assertThat(error.detail()).contains("40401");
  }

  private RegistrySchemas schemas(Map<String, String> settings) {
    return schemas(settings, System::nanoTime);
  }

  private RegistrySchemas schemas(Map<String, String> settings, LongSupplier clock) {
    Map<String, String> all = new HashMap<>();
    all.put("streamgate.schema-registry.url", registry.url().toString());
    all.put("streamgate.schema-registry.backoff", "10ms");
    all.putAll(settings);
    SchemaRegistryConfig config = RegistryConfigs.of(all);
    return new RegistrySchemas(
        RegistryDecoding.client(config),
        new SchemaCompiler(RegistryDecoding.limits(config)),
        config.cacheSize(),
        config.waitForRegistry(),
        config.unknownSchemaRecheck(),
        clock);
  }

  private static DecodeReason reason(Runnable lookup) {
    try {
      lookup.run();
      return null;
    } catch (DecodeException e) {
      return e.reason();
    }
  }
}
