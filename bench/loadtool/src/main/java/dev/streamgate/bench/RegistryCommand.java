package dev.streamgate.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A stand-in schema registry for the {@code decoded} scenario: the few endpoints of the Confluent
 * REST API that producers and Streamgate use, in their documented shapes (no real registry runs on
 * this machine: no Docker, and neither Confluent's nor Apicurio's server is on Maven Central).
 * {@code POST /subjects/{subject}/versions} registers ({@code {"id": n}}), {@code GET
 * /schemas/ids/{id}} and {@code GET /schemas/ids/{id}/versions} answer Streamgate, 404 with {@code
 * error_code} 40403 for an unknown id; {@code GET /requests} gives the count of requests per path,
 * which the report shows (Streamgate asks once per schema id). Runs until killed.
 */
@Command(
    name = "registry",
    mixinStandardHelpOptions = true,
    description = "Serve a stand-in Confluent-API schema registry (the decoded scenario).")
final class RegistryCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--port", defaultValue = "18096")
  int port;

  private final Map<Integer, String> schemas = new ConcurrentHashMap<>();
  private final Map<Integer, String> subjects = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final AtomicInteger nextId = new AtomicInteger(1);

  @Override
  public Integer call() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
    System.out.println("stand-in registry on http://127.0.0.1:" + port);
    new CountDownLatch(1).await();
    return 0;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String[] parts = path.split("/");
      if (path.equals("/requests")) {
        Map<String, Integer> counts = new TreeMap<>();
        requests.forEach((p, n) -> counts.put(p, n.get()));
        send(exchange, 200, counts);
        return;
      }
      requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      if (exchange.getRequestMethod().equals("POST") && parts.length == 4 && parts[1].equals("subjects")) {
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        int id = nextId.getAndIncrement();
        schemas.put(id, body.path("schema").asText());
        subjects.put(id, URLDecoder.decode(parts[2], StandardCharsets.UTF_8));
        send(exchange, 200, Map.of("id", id));
      } else if (parts.length >= 4 && parts[1].equals("schemas") && parts[2].equals("ids")) {
        Integer id = parseId(parts[3]);
        if (id == null || !schemas.containsKey(id)) {
          send(exchange, 404, Map.of("error_code", 40403, "message", "Schema not found"));
        } else if (parts.length == 4) {
          send(exchange, 200, Map.of("schema", schemas.get(id)));
        } else {
          send(exchange, 200, List.of(Map.of("subject", subjects.get(id), "version", 1)));
        }
      } else {
        send(exchange, 404, Map.of("error_code", 404, "message", "HTTP 404 Not Found"));
      }
    }
  }

  private static Integer parseId(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void send(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Registers {@code schema} (Avro) under {@code subject} at {@code registry}; returns its id. */
  static int register(String registry, String subject, String schema) {
    try {
      String body = JSON.writeValueAsString(Map.of("schema", schema));
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(registry + "/subjects/" + subject + "/versions"))
                      .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new IllegalStateException("registering " + subject + ": HTTP " + answer.statusCode());
      }
      return JSON.readTree(answer.body()).path("id").asInt();
    } catch (IOException e) {
      throw new IllegalStateException("registering " + subject + " at " + registry, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The registry's request counts ({@code GET /requests}), as compact JSON; "?" if it did not answer. */
  static String counts(String registry) {
    try {
      return HttpClient.newHttpClient()
          .send(HttpRequest.newBuilder(URI.create(registry + "/requests")).build(), HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      return "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }
}
