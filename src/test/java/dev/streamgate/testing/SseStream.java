package dev.streamgate.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test client that reads a stream over a real socket and interprets it with the WHATWG rules
 * ({@link SseParser}), keeping everything it saw for assertions. Non-200 answers keep their body.
 */
public final class SseStream implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final HttpResponse<InputStream> response;
  private final SseParser parser = new SseParser();
  private final List<SseParser.SseEvent> events = new CopyOnWriteArrayList<>();
  private final StringBuilder raw = new StringBuilder();
  private volatile boolean ended;
  private volatile String body;

  private SseStream(HttpResponse<InputStream> response) {
    this.response = response;
  }

  /** Opens {@code url} with the given request headers and starts reading in the background. */
  public static SseStream open(String url, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
    headers.forEach(request::header);
    try {
      HttpResponse<InputStream> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      SseStream stream = new SseStream(response);
      if (response.statusCode() == 200) {
        Thread reader = new Thread(stream::read, "test-sse-reader");
        reader.setDaemon(true);
        reader.start();
      } else {
        try (InputStream in = response.body()) {
          stream.body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      return stream;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static SseStream open(String url) {
    return open(url, Map.of());
  }

  private void read() {
    try (Reader in = new InputStreamReader(response.body(), StandardCharsets.UTF_8)) {
      char[] buffer = new char[8192];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        String chunk = new String(buffer, 0, n);
        synchronized (this) {
          raw.append(chunk);
          events.addAll(parser.feed(chunk));
        }
      }
    } catch (IOException e) {
      // closed by the test or the server
    } finally {
      ended = true;
    }
  }

  public int status() {
    return response.statusCode();
  }

  public String header(String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  /** The body of a non-200 answer. */
  public String body() {
    return body;
  }

  public List<SseParser.SseEvent> events() {
    return List.copyOf(events);
  }

  /** Events of one type ("message" for untyped records). */
  public List<SseParser.SseEvent> events(String type) {
    return events.stream().filter(e -> e.type().equals(type)).toList();
  }

  public synchronized List<String> comments() {
    return List.copyOf(parser.comments());
  }

  public synchronized String lastEventId() {
    return parser.lastEventId();
  }

  public synchronized Long retry() {
    return parser.retry();
  }

  public synchronized String raw() {
    return raw.toString();
  }

  public boolean ended() {
    return ended;
  }

  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      // already closed
    }
  }
}
