package dev.streamgate.registry;

import dev.streamgate.decode.RecordDecoder;
import dev.streamgate.decode.RecordDecoders;
import dev.streamgate.decode.SchemaCompiler;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The pod's decoding, from {@code streamgate.schema-registry.*}: one {@link RecordDecoder} per
 * topic, all over one schema cache, for the topic readers, the snapshot builds and the catch-up
 * readers alike, so a schema is fetched once per pod whoever meets its id first. Without {@code
 * url} every topic is served as read. Built at start, so a wrong setting stops the start with its
 * key.
 *
 * <p>Threads: {@link #forTopic} from whichever thread starts a reader (the open pool, an event loop
 * opening from running readers, the directory's thread, a build or catch-up thread). A framed
 * topic's decoder is stateless and made per call; an overridden topic's is kept in a concurrent
 * map, bounded by the settings.
 */
@Startup
@ApplicationScoped
public class PodDecoding implements RecordDecoders {

  private static final Logger LOG = Logger.getLogger(PodDecoding.class);

  private final TopicDecoders topics;
  private final RegistryMeters meters;
  private final boolean on;
  private final Map<String, RecordDecoder> decoders = new ConcurrentHashMap<>();

  public PodDecoding(SchemaRegistryConfig config, MeterRegistry registry) {
    this.meters = new RegistryMeters(registry);
    RegistrySchemas schemas = RegistryDecoding.schemas(config, meters);
    this.on = schemas != null;
    this.topics =
        new TopicDecoders(
            config.topics(), schemas, new SchemaCompiler(RegistryDecoding.limits(config)));
    meters.bind(schemas);
    if (on) {
      LOG.infof(
          "Decoding keys and values in the Confluent wire format through the schema registry at"
              + " %s (%d topic overrides)",
          RegistryDecoding.urls(config), config.topics().size());
    }
  }

  /** Whether a registry is configured (else nothing is ever decoded). */
  public boolean on() {
    return on;
  }

  @Override
  public RecordDecoder forTopic(String topic) {
    if (!on) {
      return RecordDecoder.OFF;
    }
    if (!topics.overridden(topic)) {
      return new RecordDecoder(topics.forTopic(topic), meters::failed);
    }
    // One per overridden topic (a bounded set: the settings'), so a bare topic's subject is
    // fetched once whoever reads the topic.
    return decoders.computeIfAbsent(
        topic, t -> new RecordDecoder(topics.forTopic(t), meters::failed));
  }
}
