package dev.streamgate.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A stand-in for a schema registry: a small HTTP server (the JDK's {@code com.sun.net.httpserver})
 * that answers the Confluent schema-registry REST API's documented endpoints and shapes, and
 * nothing more. No real registry can run in this project's tests: there is no Docker here, and
 * neither Confluent's server nor Apicurio's resolves from Maven Central. The shapes follow
 * Confluent's API reference:
 *
 * <ul>
 *   <li>{@code GET /schemas/ids/{id}}: {@code {"schema": "...", "schemaType": "PROTOBUF",
 *       "references": [{"name", "subject", "version"}]}}, {@code schemaType} left out for Avro and
 *       {@code references} when there are none, as Confluent does;
 *   <li>{@code GET /schemas/ids/{id}/versions}: {@code [{"subject", "version"}]};
 *   <li>{@code GET /subjects/{subject}/versions/{version|latest}}: {@code {"subject", "version",
 *       "id", "schema", "schemaType"?, "references"?}};
 *   <li>errors: 404 {@code {"error_code": 40403, "message": "Schema not found"}} (40401 subject,
 *       40402 version), 401 {@code {"error_code": 401, "message": "Unauthorized"}}.
 * </ul>
 *
 * <p>Switches for the failure paths: basic or bearer auth required, a base path (Apicurio's {@code
 * /apis/ccompat/v7}), the next N answers failing with a status, answers held until released (slow
 * answers and timeouts, without sleeping), and a request count per path.
 *
 * <p>Threads: requests are served on a pool; the registry's content is in concurrent maps.
 */
public final class ConfluentApiRegistryServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A registered schema. */
  public record Stored(int id, String schemaType, String schema, List<Map<String, Object>> refs) {}

  private final HttpServer server;
  private final ExecutorService pool = Executors.newCachedThreadPool(daemon());
  private final String basePath;
  private final String scheme;
  private final Map<Integer, Stored> byId = new ConcurrentHashMap<>();
  private final Map<String, Map<Integer, Integer>> subjects = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final AtomicInteger nextId = new AtomicInteger(1);
  private final AtomicInteger failures = new AtomicInteger();
  private volatile int failureStatus = 503;
  private volatile String requiredAuthorization;
  private volatile CountDownLatch hold;

  private ConfluentApiRegistryServer(HttpServer server, String basePath, String scheme) {
    this.server = server;
    this.basePath = basePath;
    this.scheme = scheme;
    server.createContext("/", this::handle);
    server.setExecutor(pool);
    server.start();
  }

  /** A plain-HTTP registry at {@code /}. */
  public static ConfluentApiRegistryServer start() {
    return start("");
  }

  /** A plain-HTTP registry under a base path, e.g. Apicurio's {@code /apis/ccompat/v7}. */
  public static ConfluentApiRegistryServer start(String basePath) {
    try {
      return new ConfluentApiRegistryServer(
          HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), basePath, "http");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An HTTPS registry with the given server context (see {@link TestCertificates}). */
  public static ConfluentApiRegistryServer startTls(SSLContext context) {
    try {
      HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      https.setHttpsConfigurator(new HttpsConfigurator(context));
      return new ConfluentApiRegistryServer(https, "", "https");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL to give a client. */
  public URI url() {
    return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + basePath);
  }

  /** Registers a schema under a subject's next version (null type: Avro); returns its id. */
  @SafeVarargs
  public final int register(
      String subject, String schemaType, String schema, Map<String, Object>... refs) {
    int id = nextId.getAndIncrement();
    registerAs(id, subject, schemaType, schema, refs);
    return id;
  }

  /** Registers a schema with a chosen id under a subject's next version. */
  @SafeVarargs
  public final void registerAs(
      int id, String subject, String schemaType, String schema, Map<String, Object>... refs) {
    byId.put(id, new Stored(id, schemaType, schema, List.of(refs)));
    Map<Integer, Integer> versions =
        subjects.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    synchronized (versions) {
      versions.put(versions.size() + 1, id);
    }
  }

  /** A reference as the registry lists it. */
  public static Map<String, Object> reference(String name, String subject, int version) {
    Map<String, Object> reference = new LinkedHashMap<>();
    reference.put("name", name);
    reference.put("subject", subject);
    reference.put("version", version);
    return reference;
  }

  /** Requires {@code Authorization} to equal this value (e.g. {@code "Bearer t"}); null: none. */
  public void requireAuthorization(String value) {
    requiredAuthorization = value;
  }

  /** The next {@code count} requests are answered {@code status} (503, 500, 429…). */
  public void failNext(int count, int status) {
    failureStatus = status;
    failures.set(count);
  }

  /** From now on, requests wait (up to a minute) until {@link #release()}. */
  public void hold() {
    hold = new CountDownLatch(1);
  }

  /** Lets held and later requests through. */
  public void release() {
    CountDownLatch latch = hold;
    hold = null;
    if (latch != null) {
      latch.countDown();
    }
  }

  /** Requests received for a path below the base path, e.g. {@code "/schemas/ids/1"}. */
  public int requests(String path) {
    AtomicInteger count = requests.get(path);
    return count == null ? 0 : count.get();
  }

  /** All requests received. */
  public int requests() {
    return requests.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    pool.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      if (!path.startsWith(basePath)) {
        send(exchange, 404, error(404, "HTTP 404 Not Found"));
        return;
      }
      String local = path.substring(basePath.length());
      requests.computeIfAbsent(local, p -> new AtomicInteger()).incrementAndGet();
      CountDownLatch latch = hold;
      if (latch != null) {
        latch.await(60, TimeUnit.SECONDS);
      }
      String required = requiredAuthorization;
      if (required != null
          && !required.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        send(exchange, 401, error(401, "Unauthorized"));
        return;
      }
      if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        send(exchange, failureStatus, error(50001, "Error in the backend data store"));
        return;
      }
      route(exchange, local);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void route(HttpExchange exchange, String path) throws IOException {
    String[] parts = path.split("/");
    if (parts.length == 4 && parts[1].equals("schemas") && parts[2].equals("ids")) {
      Stored stored = stored(parts[3]);
      send(exchange, stored == null ? 404 : 200, stored == null ? notFound() : schema(stored));
    } else if (parts.length == 5 && parts[1].equals("schemas") && parts[4].equals("versions")) {
      Stored stored = stored(parts[3]);
      send(exchange, stored == null ? 404 : 200, stored == null ? notFound() : versions(stored));
    } else if (parts.length == 5 && parts[1].equals("subjects") && parts[3].equals("versions")) {
      subjectVersion(exchange, URLDecoder.decode(parts[2], StandardCharsets.UTF_8), parts[4]);
    } else {
      send(exchange, 404, error(404, "HTTP 404 Not Found"));
    }
  }

  private void subjectVersion(HttpExchange exchange, String subject, String version)
      throws IOException {
    Map<Integer, Integer> versions = subjects.get(subject);
    if (versions == null) {
      send(exchange, 404, error(40401, "Subject '" + subject + "' not found."));
      return;
    }
    int number;
    synchronized (versions) {
      number = version.equals("latest") ? versions.size() : parse(version);
    }
    Integer id = versions.get(number);
    if (id == null) {
      send(exchange, 404, error(40402, "Version " + version + " not found."));
      return;
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("subject", subject);
    body.put("version", number);
    body.put("id", id);
    body.putAll(schema(byId.get(id)));
    send(exchange, 200, body);
  }

  private static int parse(String number) {
    try {
      return Integer.parseInt(number);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private Stored stored(String id) {
    int number = parse(id);
    return number < 0 ? null : byId.get(number);
  }

  private static Map<String, Object> schema(Stored stored) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (stored.schemaType() != null && !stored.schemaType().equals("AVRO")) {
      body.put("schemaType", stored.schemaType());
    }
    body.put("schema", stored.schema());
    if (!stored.refs().isEmpty()) {
      body.put("references", stored.refs());
    }
    return body;
  }

  private List<Map<String, Object>> versions(Stored stored) {
    List<Map<String, Object>> out = new ArrayList<>();
    subjects.forEach(
        (subject, versions) ->
            versions.forEach(
                (version, id) -> {
                  if (id == stored.id()) {
                    out.add(Map.of("subject", subject, "version", version));
                  }
                }));
    return out;
  }

  private static Map<String, Object> notFound() {
    return error(40403, "Schema not found");
  }

  private static Map<String, Object> error(int code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error_code", code);
    body.put("message", message);
    return body;
  }

  private static void send(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static ThreadFactory daemon() {
    return runnable -> {
      Thread thread = new Thread(runnable, "test-registry");
      thread.setDaemon(true);
      return thread;
    };
  }
}
