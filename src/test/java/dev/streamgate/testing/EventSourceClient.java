package dev.streamgate.testing;

import com.launchdarkly.eventsource.ConnectStrategy;
import com.launchdarkly.eventsource.EventSource;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.Protocol;

/**
 * A real SSE client (LaunchDarkly's okhttp-eventsource, which resends its last id on reconnect)
 * read by an {@link EventSourceReader}, keeping every message it saw, for assertions.
 */
public final class EventSourceClient implements AutoCloseable {

  /** One message: its event name, data and the last event id after it. */
  public record Received(String event, String data, String id) {}

  private final EventSource source;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final EventSourceReader reader;

  private EventSourceClient(EventSource source) {
    this.source = source;
    this.reader =
        EventSourceReader.start(
            source,
            m -> received.add(new Received(m.getEventName(), m.getData(), m.getLastEventId())));
  }

  /** Opens {@code url} with these request headers (e.g. Authorization). */
  public static EventSourceClient open(String url, Map<String, String> headers) {
    var connect = ConnectStrategy.http(URI.create(url));
    for (Map.Entry<String, String> header : headers.entrySet()) {
      connect = connect.header(header.getKey(), header.getValue());
    }
    return new EventSourceClient(
        new EventSource.Builder(connect).retryDelay(100, TimeUnit.MILLISECONDS).build());
  }

  public static EventSourceClient open(String url) {
    return open(url, Map.of());
  }

  /** Opens {@code url} over HTTP/2 in clear text (h2c with prior knowledge, no upgrade). */
  public static EventSourceClient openOverH2c(String url) {
    var connect =
        ConnectStrategy.http(URI.create(url))
            .clientBuilderActions(b -> b.protocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE)));
    return new EventSourceClient(
        new EventSource.Builder(connect).retryDelay(100, TimeUnit.MILLISECONDS).build());
  }

  /** The data of the messages of this event name ("message" for untyped records), in order. */
  public List<String> data(String event) {
    return received.stream().filter(r -> r.event().equals(event)).map(Received::data).toList();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  /** Whether the reader thread failed (a test should fail fast then). */
  public boolean failed() {
    return reader.failed();
  }

  /** The id the client would resend on reconnect. */
  public String lastEventId() {
    return source.getLastEventId();
  }

  /** Drops the connection; the client reconnects by itself with its last id. */
  public void interrupt() {
    source.interrupt();
  }

  @Override
  public void close() {
    reader.close();
  }
}
