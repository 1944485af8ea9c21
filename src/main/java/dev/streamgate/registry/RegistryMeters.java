package dev.streamgate.registry;

import dev.streamgate.decode.DecodeError;
import dev.streamgate.decode.DecodedRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The meters of decoding: {@code streamgate_decode_errors_total{topic,reason}} (records that became
 * {@code decode-error}), {@code streamgate_registry_requests_total{outcome}} (HTTP requests to the
 * registry, retries included), {@code streamgate_registry_lookups_total{outcome}} (schemas fetched:
 * one per id per pod while it stays cached), and the gauges {@code streamgate_registry_schemas}
 * (schemas cached) and {@code streamgate_registry_waiting} (threads waiting for the registry: a
 * reader held up by an uncached id during an outage shows here).
 *
 * <p>Threads: any; Micrometer's meters are thread-safe and resolved by name and tags.
 */
final class RegistryMeters implements RegistryEvents {

  private static final Logger LOG = Logger.getLogger(RegistryMeters.class);

  /** Topics and reasons already logged at WARN; beyond this many, everything is DEBUG. */
  private static final int MAX_LOGGED = 10_000;

  private final MeterRegistry registry;
  private final Set<String> logged = ConcurrentHashMap.newKeySet();

  RegistryMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * The gauges of the pod's schema cache; 0 without a registry (they exist on every pod, so one
   * alert rule fits every pod).
   */
  void bind(RegistrySchemas schemas) {
    Gauge.builder("streamgate.registry.schemas", () -> schemas == null ? 0 : schemas.cached())
        .description("Schemas this pod holds, compiled, by id (fetched once each)")
        .register(registry);
    Gauge.builder("streamgate.registry.waiting", () -> schemas == null ? 0 : schemas.waiting())
        .description(
            "Threads waiting for the schema registry now (topic readers, catch-up readers and"
                + " snapshot builds held up by a schema id not yet cached)")
        .register(registry);
  }

  /**
   * A record could not be decoded: counted, and logged at WARN the first time its topic fails for
   * its reason (then at DEBUG), with the full detail the client's event may not carry.
   */
  void failed(DecodedRecord record) {
    DecodeError error = record.failure().error();
    Counter.builder("streamgate.decode.errors")
        .description("Records that could not be decoded and were sent as decode-error events")
        .tag("topic", record.topic())
        .tag("reason", error.reason().tag())
        .register(registry)
        .increment();
    boolean first =
        logged.size() < MAX_LOGGED && logged.add(record.topic() + "\n" + error.reason().tag());
    LOG.logf(
        first ? Logger.Level.WARN : Logger.Level.DEBUG,
        "Record %s/%d/%d could not be decoded (%s %s, schema id %d): %s%s",
        record.topic(),
        record.partition(),
        record.offset(),
        record.failure().part(),
        error.reason().tag(),
        error.schemaId(),
        error.detail(),
        first ? "; it is sent as a decode-error event (further ones of this kind at DEBUG)" : "");
  }

  @Override
  public void answered(String outcome) {
    Counter.builder("streamgate.registry.requests")
        .description("HTTP requests to the schema registry, retries included, by outcome")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  @Override
  public void lookedUp(String outcome) {
    Counter.builder("streamgate.registry.lookups")
        .description(
            "Schemas fetched from the registry (one per id per pod while it stays cached), by"
                + " outcome: loaded, or the decode-error reason")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }
}
