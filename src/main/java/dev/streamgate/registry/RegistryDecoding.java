package dev.streamgate.registry;

import dev.streamgate.decode.DecodeLimits;
import dev.streamgate.decode.SchemaCompiler;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the pod's decoding from {@link SchemaRegistryConfig}: the client (URLs, auth, TLS,
 * timeouts, retries), the schema cache and the per-topic decoders. Without a URL, every topic is
 * served as it is. Called once at start; a wrong setting throws {@link IllegalArgumentException}
 * with the key.
 */
public final class RegistryDecoding {

  private static final AtomicInteger THREADS = new AtomicInteger();

  /**
   * Where the JDK's HTTP client completes its exchanges ({@code streamgate-registry-http-<n>}): two
   * threads for the pod's clients, which only hand answers to the blocked caller. The client's own
   * selector thread ({@code HttpClient-<n>-SelectorManager}) does the socket I/O. Queue: one task
   * per exchange step of a request in flight, and requests are bounded by the threads that wait for
   * them (topic readers, catch-up and snapshot-build pools).
   */
  private static final ExecutorService HTTP_THREADS =
      Executors.newFixedThreadPool(
          2,
          runnable -> {
            Thread thread =
                new Thread(runnable, "streamgate-registry-http-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });

  private RegistryDecoding() {}

  /** The bounds of {@code streamgate.schema-registry.max-*}. */
  public static DecodeLimits limits(SchemaRegistryConfig config) {
    return new DecodeLimits(
        config.maxDepth(),
        config.maxValueBytes(),
        config.maxJsonBytes(),
        config.maxSchemaBytes(),
        config.maxSchemaNodes(),
        config.maxReferences());
  }

  public static TopicDecoders topicDecoders(SchemaRegistryConfig config) {
    SchemaCompiler compiler = new SchemaCompiler(limits(config));
    return new TopicDecoders(config.topics(), schemas(config, RegistryEvents.NONE), compiler);
  }

  /** The pod's schema cache over the configured registry, or null without a URL. */
  static RegistrySchemas schemas(SchemaRegistryConfig config, RegistryEvents events) {
    if (urls(config).isEmpty()) {
      return null;
    }
    return new RegistrySchemas(
        client(config, events),
        new SchemaCompiler(limits(config)),
        config.cacheSize(),
        config.waitForRegistry(),
        config.unknownSchemaRecheck(),
        System::nanoTime,
        events);
  }

  /** The client of the configured registry; requires a URL. */
  public static RegistryClient client(SchemaRegistryConfig config) {
    return client(config, RegistryEvents.NONE);
  }

  private static RegistryClient client(SchemaRegistryConfig config, RegistryEvents events) {
    HttpClient.Builder http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(HTTP_THREADS);
    config.tls().caFile().ifPresent(file -> http.sslContext(RegistryTls.trusting(Path.of(file))));
    // A schema answer is its text JSON-escaped (at most 6 bytes per byte) plus the references.
    int maxAnswer = (int) Math.min(Integer.MAX_VALUE - 1, 6L * config.maxSchemaBytes() + 65_536);
    return new RegistryClient(
        urls(config),
        http.build(),
        RegistryAuth.of(config),
        new RetryPolicy(config.retries(), config.backoff(), config.maxBackoff()),
        config.requestTimeout(),
        maxAnswer,
        events);
  }

  static List<URI> urls(SchemaRegistryConfig config) {
    return config.url().orElse(List.of()).stream()
        .map(String::trim)
        .filter(url -> !url.isEmpty())
        .map(RegistryDecoding::uri)
        .toList();
  }

  private static URI uri(String url) {
    URI uri = URI.create(url);
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "streamgate.schema-registry.url: not an http(s) URL: " + uri.getHost());
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException(
          "streamgate.schema-registry.url: put credentials in basic-auth, not in the URL");
    }
    return uri;
  }
}
