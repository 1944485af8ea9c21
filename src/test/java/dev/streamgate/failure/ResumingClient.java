package dev.streamgate.failure;

import dev.streamgate.testing.Delivered;
import dev.streamgate.testing.SseParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An SSE client that behaves like a browser's EventSource: it reads the stream with the WHATWG
 * rules ({@link SseParser}), and whenever the connection ends it reconnects after the server's
 * {@code retry:} delay with its last event id as {@code Last-Event-ID}. It also retries after a
 * refused connection or a non-200 answer (which a browser would not: those are counted in {@link
 * #refusals()} so tests can assert there were none). Records are read as envelopes and kept in
 * arrival order for exactly-once checks.
 */
public final class ResumingClient implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** One connection: when it opened (first event), when it ended, and how it began. */
  public record Session(long openedNanos, long endedNanos, List<String> controls) {}

  private final String name;
  private final URI uri;
  private final Thread thread;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final List<Delivered> delivered = new ArrayList<>();
  private final List<SseParser.SseEvent> controls = new ArrayList<>();
  private final List<Integer> controlMarks = new ArrayList<>();
  private final List<Session> sessions = new ArrayList<>();
  private volatile InputStream body;
  private volatile String lastEventId = "";
  private volatile long retryMillis = 1_000;
  private volatile int refusals;
  private volatile int initialRefusals;
  private final List<String> refusalReasons = new ArrayList<>();
  private volatile int heartbeats;
  private volatile boolean open;
  private volatile long lastOpenedNanos;
  private volatile long lastEndedNanos;

  public ResumingClient(String name, String url) {
    this.name = name;
    this.uri = URI.create(url);
    this.thread = new Thread(this::run, "client-" + name);
    this.thread.setDaemon(true);
  }

  public ResumingClient start() {
    thread.start();
    return this;
  }

  private void run() {
    while (stop.getCount() > 0) {
      connectOnce();
      try {
        // The client's own reconnect delay (the server's retry:), like a browser's EventSource;
        // the latch makes close() end it at once.
        stop.await(retryMillis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void connectOnce() {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
    if (!lastEventId.isEmpty()) {
      request.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<InputStream> response;
    try {
      response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      refused(e.toString());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (response.statusCode() != 200) {
      String body;
      try (InputStream in = response.body()) {
        body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      } catch (IOException e) {
        body = e.toString();
      }
      refused("HTTP " + response.statusCode() + " " + body.replaceAll("\\s+", " "));
      return;
    }
    SseParser parser = new SseParser();
    List<String> sessionControls = new ArrayList<>();
    long opened = 0;
    body = response.body();
    try (InputStream in = body) {
      byte[] buffer = new byte[16384];
      int n;
      int comments = 0;
      while ((n = in.read(buffer)) >= 0) {
        List<SseParser.SseEvent> events = parser.feed(java.util.Arrays.copyOf(buffer, n));
        synchronized (this) {
          for (SseParser.SseEvent e : events) {
            if (ControlEvents.isControl(e)) {
              controls.add(e);
              controlMarks.add(delivered.size());
              sessionControls.add(e.type());
              if (opened == 0 && e.type().equals("stream-info")) {
                opened = System.nanoTime();
                lastOpenedNanos = opened;
                open = true;
              }
            } else {
              delivered.add(Delivered.fromEnvelope(e.data()));
            }
          }
          int now = parser.comments().size();
          heartbeats += now - comments;
          comments = now;
          if (!parser.lastEventId().isEmpty()) {
            lastEventId = parser.lastEventId();
          }
          if (parser.retry() != null) {
            retryMillis = parser.retry();
          }
        }
      }
    } catch (IOException e) {
      // the connection broke: reconnect like EventSource does after a network error
    } finally {
      open = false;
      long ended = System.nanoTime();
      lastEndedNanos = ended;
      synchronized (this) {
        if (opened != 0) {
          sessions.add(new Session(opened, ended, List.copyOf(sessionControls)));
        }
      }
    }
  }

  private synchronized void refused(String reason) {
    if (sessions.isEmpty() && !open) {
      // Before the first stream: a browser's EventSource would give up just the same; counted
      // apart so that scenarios can tell setup from failure handling.
      initialRefusals++;
    } else {
      refusals++;
    }
    if (refusalReasons.size() < 5) {
      refusalReasons.add(java.time.LocalTime.now() + " " + reason);
    }
  }

  /** Why connects were refused (the first few), for failure messages. */
  public synchronized List<String> refusalReasons() {
    return List.copyOf(refusalReasons);
  }

  @Override
  public String toString() {
    return name + " (opened " + opened() + ", refusals " + refusalReasons() + ")";
  }

  public String name() {
    return name;
  }

  public synchronized List<Delivered> delivered() {
    return List.copyOf(delivered);
  }

  public synchronized int deliveredCount() {
    return delivered.size();
  }

  public synchronized List<SseParser.SseEvent> controls(String type) {
    return controls.stream().filter(e -> e.type().equals(type)).toList();
  }

  /** Records that arrived after the first control event of this type, or null if none came. */
  public synchronized List<Delivered> deliveredAfterFirst(String type) {
    for (int i = 0; i < controls.size(); i++) {
      if (controls.get(i).type().equals(type)) {
        return List.copyOf(delivered.subList(controlMarks.get(i), delivered.size()));
      }
    }
    return null;
  }

  /** Finished connections, in order (the current one is not included). */
  public synchronized List<Session> sessions() {
    return List.copyOf(sessions);
  }

  /** Streams opened so far (finished ones and the current one). */
  public synchronized int opened() {
    return sessions.size() + (open ? 1 : 0);
  }

  public boolean isOpen() {
    return open;
  }

  public long lastOpenedNanos() {
    return lastOpenedNanos;
  }

  public long lastEndedNanos() {
    return lastEndedNanos;
  }

  /** Connects refused before the first stream opened (not counted in {@link #refusals()}). */
  public int initialRefusals() {
    return initialRefusals;
  }

  /** Reconnects refused or answered with a non-200 after a stream had been open. */
  public int refusals() {
    return refusals;
  }

  public int heartbeats() {
    return heartbeats;
  }

  public String lastEventId() {
    return lastEventId;
  }

  @Override
  public void close() {
    stop.countDown();
    InputStream in = body;
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        // already closed
      }
    }
    thread.interrupt();
  }
}
