package dev.streamgate.tail;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The gauges of one running topic reader: its window's size, bytes and age, its lag behind Kafka
 * per partition, and the streams its polls woke. Registered when the reader starts and removed when
 * it stops, so a pod only reports the topics it reads. Gauges are read at scrape time; the reader
 * does nothing for them.
 *
 * <p>Threads: every method is guarded by this object's lock. {@link #bind} runs on the thread that
 * starts the reader (under the registry's lock, before the reader's thread starts); {@link
 * #partitions} on the reader's poll thread when its topic grew; {@link #remove} on the registry's
 * stopper thread, the thread that replaces a retired reader, or at shutdown, and once removed the
 * meters stay removed (a growth seen after it adds nothing). The gauges are evaluated on the thread
 * serving the scrape and read only thread-safe state (the window's lock, the reader's lag array).
 */
final class TailMeters {

  private final MeterRegistry registry;
  private final String topic;
  private final List<Meter> meters = new ArrayList<>();
  private TopicTail tail;
  private int partitions;
  private boolean removed;

  TailMeters(MeterRegistry registry, String topic) {
    this.registry = registry;
    this.topic = topic;
  }

  /** Registers the reader's gauges (before it starts). */
  synchronized void bind(TopicTail tail, int partitions) {
    this.tail = tail;
    Window window = tail.window();
    meters.add(
        Gauge.builder("streamgate.window.records", window, Window::size)
            .description("Records held in the topic's in-memory window")
            .tag("topic", topic)
            .register(registry));
    meters.add(
        Gauge.builder("streamgate.window.size", window, Window::bytes)
            .description("Approximate heap bytes held in the topic's window")
            .tag("topic", topic)
            .baseUnit("bytes")
            .register(registry));
    meters.add(
        Gauge.builder("streamgate.window.age", window, TailMeters::ageSeconds)
            .description(
                "Age of the window's oldest record: how long a client may be away and still "
                    + "resume from memory")
            .tag("topic", topic)
            .baseUnit("seconds")
            .register(registry));
    ConflationGroups conflation = tail.conflation();
    meters.add(
        Gauge.builder("streamgate.conflate.groups", conflation, ConflationGroups::size)
            .description(
                "Conflation groups (window, filter, projection, key and type filters) the topic's"
                    + " conflated streams use; each is folded once per record on the reader")
            .tag("topic", topic)
            .register(registry));
    meters.add(
        FunctionCounter.builder("streamgate.conflate.batches", conflation, c -> c.batches())
            .description("Conflated batches the topic's reader closed, over all its groups")
            .tag("topic", topic)
            .register(registry));
    for (boolean keyed : new boolean[] {false, true}) {
      meters.add(
          FunctionCounter.builder("streamgate.tail.wakeups", tail, t -> t.wakeUps(keyed))
              .description(
                  "Streams the topic's reader woke after its polls: unkeyed ones at every due"
                      + " wake-up, keyed ones (a key filter) only for a record with one of their"
                      + " keys, a sweep, or until they caught up")
              .tag("topic", topic)
              .tag("listener", keyed ? "keyed" : "unkeyed")
              .register(registry));
    }
    partitions(partitions);
  }

  /** Adds the lag gauges of partitions the reader found (on the reader's thread). */
  synchronized void partitions(int count) {
    if (removed) {
      return;
    }
    for (int p = partitions; p < count; p++) {
      int partition = p;
      meters.add(
          Gauge.builder("streamgate.tail.lag", tail, t -> t.lag(partition))
              .description(
                  "Records between the pod's topic reader and the end of the partition (consumer"
                      + " lag of the reader)")
              .tag("topic", topic)
              .tag("partition", Integer.toString(partition))
              .baseUnit("records")
              .register(registry));
    }
    partitions = Math.max(partitions, count);
  }

  /** Removes every gauge of the reader (it stopped). */
  synchronized void remove() {
    removed = true;
    meters.forEach(registry::remove);
    meters.clear();
  }

  private static double ageSeconds(Window window) {
    long oldest = window.oldestTimestamp();
    return oldest < 0 ? 0 : Math.max(0, System.currentTimeMillis() - oldest) / 1000.0;
  }
}
