package dev.streamgate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgate.decode.SchemaText;
import dev.streamgate.decode.SubjectVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A blocking client of the Confluent schema-registry REST API (JDK {@code HttpClient}): {@code GET
 * /schemas/ids/{id}}, {@code GET /schemas/ids/{id}/versions}, {@code GET
 * /subjects/{subject}/versions/{version}}. Each request goes to the URLs in turn, starting with the
 * last that answered; a retryable failure ({@link RegistryException#retryable()}) moves to the next
 * URL, and after every URL failed the round is retried after the policy's backoff, at most {@code
 * retries} times. Answers are read up to a size bound.
 *
 * <p>Threads: any; blocking, so never an event loop (topic readers and the open pool call it). The
 * preferred URL is an atomic index.
 */
public final class RegistryClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ACCEPT =
      "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json";

  private final List<URI> bases;
  private final HttpClient http;
  private final RegistryAuth auth;
  private final RetryPolicy retry;
  private final Duration requestTimeout;
  private final int maxAnswerBytes;
  private final AtomicInteger preferred = new AtomicInteger();
  private final RegistryEvents events;

  public RegistryClient(
      List<URI> bases,
      HttpClient http,
      RegistryAuth auth,
      RetryPolicy retry,
      Duration requestTimeout,
      int maxAnswerBytes) {
    this(bases, http, auth, retry, requestTimeout, maxAnswerBytes, RegistryEvents.NONE);
  }

  /** A client whose every answer (or failure to get one) is told to {@code events}. */
  RegistryClient(
      List<URI> bases,
      HttpClient http,
      RegistryAuth auth,
      RetryPolicy retry,
      Duration requestTimeout,
      int maxAnswerBytes,
      RegistryEvents events) {
    if (bases.isEmpty()) {
      throw new IllegalArgumentException("streamgate.schema-registry.url names no registry");
    }
    this.bases = List.copyOf(bases);
    this.http = http;
    this.auth = auth;
    this.retry = retry;
    this.requestTimeout = requestTimeout;
    this.maxAnswerBytes = maxAnswerBytes;
    this.events = events;
  }

  public RetryPolicy retry() {
    return retry;
  }

  /** {@code GET /schemas/ids/{id}}: the schema of an id. */
  public SchemaText schemaById(int id) throws RegistryException, InterruptedException {
    return RegistryAnswers.schema(id, get("/schemas/ids/" + id));
  }

  /** {@code GET /schemas/ids/{id}/versions}: the subjects and versions that hold an id. */
  public List<SubjectVersion> registrationsOf(int id)
      throws RegistryException, InterruptedException {
    return RegistryAnswers.registrations(get("/schemas/ids/" + id + "/versions"));
  }

  /** A subject's version ({@code "latest"} or a number), with where it is registered. */
  public Registered subjectVersion(String subject, String version)
      throws RegistryException, InterruptedException {
    JsonNode answer = get("/subjects/" + segment(subject) + "/versions/" + segment(version));
    return new Registered(
        RegistryAnswers.schema(-1, answer), RegistryAnswers.subjectVersion(answer));
  }

  /** A schema with the subject and version it was read from. */
  public record Registered(SchemaText schema, SubjectVersion at) {}

  private JsonNode get(String path) throws RegistryException, InterruptedException {
    RegistryException last = null;
    for (int attempt = 0; attempt <= retry.retries(); attempt++) {
      if (attempt > 0) {
        Thread.sleep(retry.delay(attempt).toMillis());
      }
      int first = preferred.get();
      for (int k = 0; k < bases.size(); k++) {
        int i = (first + k) % bases.size();
        try {
          JsonNode answer = once(bases.get(i), path);
          preferred.set(i);
          events.answered("ok");
          return answer;
        } catch (RegistryException e) {
          events.answered(RegistryEvents.tag(e.kind()));
          if (!e.retryable()) {
            throw e;
          }
          last = e;
        }
      }
    }
    throw last;
  }

  private JsonNode once(URI base, String path) throws RegistryException, InterruptedException {
    String where = base.getHost() + ":" + base.getPort();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/+$", "") + path))
            .timeout(requestTimeout)
            .header("Accept", ACCEPT)
            .GET();
    auth.header().ifPresent(value -> request.header("Authorization", value));
    HttpResponse<InputStream> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw unavailable("The registry at " + where + " did not answer in time");
    } catch (IOException e) {
      throw unavailable("The registry at " + where + " cannot be reached: " + e);
    }
    try (InputStream body = response.body()) {
      byte[] bytes = body.readNBytes(maxAnswerBytes + 1);
      return answer(response.statusCode(), bytes, where);
    } catch (IOException e) {
      throw unavailable("The registry at " + where + " broke off its answer: " + e);
    }
  }

  private JsonNode answer(int status, byte[] bytes, String where) throws RegistryException {
    if (status == 404) {
      throw new RegistryException(
          RegistryException.Kind.NOT_FOUND,
          "The registry at " + where + " answered 404" + errorCode(bytes));
    }
    if (status == 408 || status == 429 || status >= 500) {
      throw unavailable("The registry at " + where + " answered " + status + errorCode(bytes));
    }
    if (status < 200 || status > 299) {
      throw new RegistryException(
          RegistryException.Kind.REFUSED,
          "The registry at " + where + " answered " + status + errorCode(bytes));
    }
    if (bytes.length > maxAnswerBytes) {
      throw new RegistryException(
          RegistryException.Kind.BAD_ANSWER,
          "The registry's answer is above " + maxAnswerBytes + " bytes");
    }
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new RegistryException(
          RegistryException.Kind.BAD_ANSWER, "The registry at " + where + " answered no JSON");
    }
  }

  /** The Confluent error code of an error answer ({@code {"error_code": 40403, ...}}), if any. */
  private static String errorCode(byte[] bytes) {
    try {
      JsonNode code = JSON.readTree(bytes).get("error_code");
      return code != null && code.isIntegralNumber() ? " (error_code " + code.asInt() + ")" : "";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static RegistryException unavailable(String message) {
    return new RegistryException(RegistryException.Kind.UNAVAILABLE, message);
  }

  /** A path segment: every reserved character escaped, spaces as %20. */
  static String segment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
