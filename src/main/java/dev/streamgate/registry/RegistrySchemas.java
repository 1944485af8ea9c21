package dev.streamgate.registry;

import dev.streamgate.decode.DecodeException;
import dev.streamgate.decode.DecodeReason;
import dev.streamgate.decode.RegisteredSchema;
import dev.streamgate.decode.SchemaCompiler;
import dev.streamgate.decode.SchemaDecoder;
import dev.streamgate.decode.SchemaReference;
import dev.streamgate.decode.SchemaSource;
import dev.streamgate.decode.SchemaText;
import dev.streamgate.decode.SubjectVersion;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The registry's schemas, compiled and cached once per id per pod ({@link SchemaCache}): what every
 * topic's framed decoder asks. A miss fetches the id's schema, its references and the subjects that
 * hold it, and compiles it; while the registry cannot be reached, a miss asks again (each time with
 * the client's retries) until {@code wait-for-registry} has passed since it began, then the record
 * becomes {@code registry-unavailable}. A cached id never touches the network, so an outage does
 * not stall a topic whose schemas are known.
 *
 * <p>Threads: any; blocking on a miss (topic readers, never an event loop).
 */
public final class RegistrySchemas implements SchemaSource {

  private final RegistryClient client;
  private final SchemaCompiler compiler;
  private final long waitNanos;
  private final LongSupplier nanoTime;
  private final SchemaCache cache;
  private final RegistryEvents events;

  public RegistrySchemas(
      RegistryClient client,
      SchemaCompiler compiler,
      int cacheSize,
      Duration waitForRegistry,
      Duration unknownSchemaRecheck) {
    this(
        client,
        compiler,
        cacheSize,
        waitForRegistry,
        unknownSchemaRecheck,
        System::nanoTime,
        RegistryEvents.NONE);
  }

  RegistrySchemas(
      RegistryClient client,
      SchemaCompiler compiler,
      int cacheSize,
      Duration waitForRegistry,
      Duration unknownSchemaRecheck,
      LongSupplier nanoTime) {
    this(
        client,
        compiler,
        cacheSize,
        waitForRegistry,
        unknownSchemaRecheck,
        nanoTime,
        RegistryEvents.NONE);
  }

  RegistrySchemas(
      RegistryClient client,
      SchemaCompiler compiler,
      int cacheSize,
      Duration waitForRegistry,
      Duration unknownSchemaRecheck,
      LongSupplier nanoTime,
      RegistryEvents events) {
    this.client = client;
    this.compiler = compiler;
    this.waitNanos = waitForRegistry.toNanos();
    this.nanoTime = nanoTime;
    this.cache = new SchemaCache(cacheSize, unknownSchemaRecheck.toNanos(), nanoTime);
    this.events = events;
  }

  @Override
  public RegisteredSchema byId(int id) {
    return cache.get(id, this::load);
  }

  /** Schemas held now (for tests and a gauge). */
  public int cached() {
    return cache.size();
  }

  /** Threads waiting for the registry now (a gauge: readers held up by a miss). */
  public int waiting() {
    return cache.waiting();
  }

  /** A subject's latest version, compiled (bare topics configured with {@code schema-subject}). */
  public RegisteredSchema latest(String subject) {
    long deadline = nanoTime.getAsLong() + waitNanos;
    RegistryClient.Registered registered =
        patiently(() -> client.subjectVersion(subject, "latest"), deadline, -1);
    SchemaText text = registered.schema();
    SchemaDecoder decoder = compile(text, deadline);
    RegisteredSchema schema = new RegisteredSchema(text.id(), decoder, List.of(registered.at()));
    cache.put(schema);
    return schema;
  }

  private RegisteredSchema load(int id) {
    try {
      long deadline = nanoTime.getAsLong() + waitNanos;
      SchemaText text = patiently(() -> client.schemaById(id), deadline, id);
      SchemaDecoder decoder = compile(text, deadline);
      RegisteredSchema schema = new RegisteredSchema(id, decoder, registrations(id));
      events.lookedUp("loaded");
      return schema;
    } catch (DecodeException e) {
      events.lookedUp(e.reason().tag());
      throw e;
    }
  }

  private SchemaDecoder compile(SchemaText text, long deadline) {
    return compiler.compile(text, reference -> resolve(reference, deadline, text.id()));
  }

  private SchemaText resolve(SchemaReference reference, long deadline, int rootId) {
    return patiently(
            () -> client.subjectVersion(reference.subject(), Integer.toString(reference.version())),
            deadline,
            rootId)
        .schema();
  }

  /** Where the registry holds the id; nothing when it cannot say (the envelope then omits it). */
  private List<SubjectVersion> registrations(int id) {
    try {
      return client.registrationsOf(id);
    } catch (RegistryException e) {
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  /** A registry call of the kind a decoder may wait for. */
  private interface Call<T> {
    T run() throws RegistryException, InterruptedException;
  }

  /** Runs {@code call}, again while the registry is unavailable and the deadline has not passed. */
  private <T> T patiently(Call<T> call, long deadline, int id) {
    while (true) {
      try {
        return call.run();
      } catch (RegistryException e) {
        if (e.kind() == RegistryException.Kind.NOT_FOUND) {
          throw new DecodeException(DecodeReason.UNKNOWN_SCHEMA, id, e.getMessage());
        }
        long left = deadline - nanoTime.getAsLong();
        if (!e.retryable() || left <= 0) {
          throw new DecodeException(DecodeReason.REGISTRY_UNAVAILABLE, id, e.getMessage());
        }
        pause(Math.min(client.retry().delay(1).toNanos(), left), id);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DecodeException(DecodeReason.REGISTRY_UNAVAILABLE, id, "Interrupted");
      }
    }
  }

  private static void pause(long nanos, int id) {
    try {
      Thread.sleep(Math.max(1, nanos / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DecodeException(DecodeReason.REGISTRY_UNAVAILABLE, id, "Interrupted");
    }
  }
}
