package dev.streamgate.testing;

import com.launchdarkly.eventsource.EventSource;
import com.launchdarkly.eventsource.MessageEvent;
import com.launchdarkly.eventsource.StreamEvent;
import com.launchdarkly.eventsource.StreamException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Reads a real okhttp-eventsource client on a daemon thread, as a page would: every message to
 * {@code onMessage}; an ended or dropped stream is not an error, the next read reconnects with
 * Last-Event-ID. What {@code onMessage} or the client throws ends the reader and is kept in {@link
 * #failures()}, for an Awaitility {@code failFast}.
 */
public final class EventSourceReader implements AutoCloseable {

  private final EventSource source;
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private EventSourceReader(EventSource source) {
    this.source = source;
  }

  /** Starts reading {@code source} at once. */
  public static EventSourceReader start(EventSource source, Consumer<MessageEvent> onMessage) {
    EventSourceReader reader = new EventSourceReader(source);
    Thread thread = new Thread(() -> reader.read(onMessage), "test-eventsource-reader");
    thread.setDaemon(true);
    thread.start();
    return reader;
  }

  private void read(Consumer<MessageEvent> onMessage) {
    while (!closed) {
      StreamEvent event;
      try {
        event = source.readAnyEvent();
      } catch (StreamException e) {
        continue; // ended or dropped: the next read reconnects with Last-Event-ID
      } catch (RuntimeException e) {
        failures.add(e);
        return;
      }
      try {
        if (event instanceof MessageEvent message) {
          onMessage.accept(message);
        }
      } catch (RuntimeException | AssertionError e) {
        failures.add(e);
        return;
      }
    }
  }

  /** What the message handler threw; empty while all is well. */
  public List<Throwable> failures() {
    return failures;
  }

  /** True once the message handler has thrown. */
  public boolean failed() {
    return !failures.isEmpty();
  }

  /** The client, e.g. to {@code interrupt()} its connection. */
  public EventSource source() {
    return source;
  }

  @Override
  public void close() {
    closed = true;
    source.close();
  }
}
