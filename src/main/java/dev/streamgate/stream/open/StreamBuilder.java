package dev.streamgate.stream.open;

import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.kafka.TopicSnapshot;
import dev.streamgate.start.StartPlan;
import dev.streamgate.stream.delivery.ClientStream;
import dev.streamgate.stream.delivery.FrameSource;
import dev.streamgate.stream.delivery.Lane;
import dev.streamgate.stream.delivery.SnapshotDelivery;
import dev.streamgate.stream.delivery.StreamDeadlines;
import dev.streamgate.stream.delivery.StreamLease;
import dev.streamgate.stream.delivery.StreamSettings;
import dev.streamgate.stream.pod.StreamLog;
import dev.streamgate.stream.pod.StreamTag;
import dev.streamgate.stream.watch.PatternWatch;
import dev.streamgate.tail.KeyTableView;
import dev.streamgate.wire.ControlBodies;
import dev.streamgate.wire.EventEncoder;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Makes a client stream's parts by named steps, around the lanes and views an {@link Open} took:
 * its opening bytes ({@code stream-info} carrying the {@code retry:}, each {@code reset}, the
 * {@code gap}, a resumed pattern stream's {@code topic-skipped}), its log line and tag, its
 * deliveries (the records, or conflated batches, behind the snapshot of a {@code from=snapshot}
 * stream), its deadlines, and the {@link ClientStream}, which the open hands its lease to.
 *
 * <pre>{@code
 * new StreamBuilder(settings)
 *     .start(plan, topics, starts)
 *     .retry(retryMillis)
 *     .caller(subject, address)
 *     .patterns(watch, skipped)
 *     .loop(loop)
 *     .conflated(false)
 *     .build(open);
 * }</pre>
 *
 * <p>Threads: one opening thread, like the open; a builder makes one stream.
 */
final class StreamBuilder {

  private final StreamSettings settings;
  private final EventEncoder encoder;
  private final CursorCodec codec;
  private StartPlan plan;
  private Map<String, TopicSnapshot> topics;
  private Map<String, String> starts;
  private long retryMillis = -1;
  private Optional<String> subject = Optional.empty();
  private String address;
  private PatternWatch watch;
  private List<String> skipped = List.of();
  private Executor loop;
  private boolean conflated;

  /** A stream framed, filtered and timed by {@code settings}. */
  StreamBuilder(StreamSettings settings) {
    this.settings = settings;
    this.encoder = settings.encoder();
    this.codec = settings.codec();
  }

  /**
   * Where the stream starts: the plan (its start at the snapshot views' positions, if any), the
   * topics as the open found them (for {@code stream-info}), and how each started (for the log).
   */
  StreamBuilder start(
      StartPlan plan, Map<String, TopicSnapshot> topics, Map<String, String> starts) {
    this.plan = plan;
    this.topics = topics;
    this.starts = starts;
    return this;
  }

  /** The {@code retry:} the opening event carries (jittered per stream). */
  StreamBuilder retry(long millis) {
    this.retryMillis = millis;
    return this;
  }

  /** Who asked, for the pod's list of streams; their address's slot is the open's. */
  StreamBuilder caller(Optional<String> subject, String address) {
    this.subject = subject;
    this.address = address;
    return this;
  }

  /** A pattern stream's watch and the matching topics it leaves out (told at open). */
  StreamBuilder patterns(PatternWatch watch, List<String> skipped) {
    this.watch = watch;
    this.skipped = List.copyOf(skipped);
    return this;
  }

  /** Whether the stream is conflated: its delivery sends batches, not every record. */
  StreamBuilder conflated(boolean conflated) {
    this.conflated = conflated;
    return this;
  }

  /** The connection's event loop, where the stream's turns run. */
  StreamBuilder loop(Executor loop) {
    this.loop = loop;
    return this;
  }

  /**
   * The stream over {@code open}'s lanes and views; the open hands what it holds to the stream's
   * lease as the stream is made, or keeps it (to give it back) if making it fails.
   */
  ClientStream build(Open open) {
    Objects.requireNonNull(plan, "start");
    Objects.requireNonNull(address, "caller");
    Objects.requireNonNull(loop, "loop");
    if (retryMillis < 0) {
      throw new IllegalStateException("retry not set");
    }
    List<Lane> lanes = open.lanes();
    List<KeyTableView> views = open.views();
    String startId = codec.encode(plan.start());
    List<String> names = List.copyOf(topics.keySet());
    String format = settings.format().name().toLowerCase(Locale.ROOT);
    StreamLog log = new StreamLog(names, starts, startId, format);
    StreamTag tag = new StreamTag(subject, address, names, settings.filter(), format);
    // The client's id is the snapshot id until the delivery sends it a position of its own.
    String openingId = views.isEmpty() ? startId : codec.encodeSnapshot(plan.start());
    byte[] opening = PatternNotices.skipped(opening(openingId), encoder, openingId, skipped);
    return open.handOver(
        log,
        tag,
        lease ->
            new ClientStream(
                opening,
                delivery(lanes, views, openingId, lease),
                new StreamDeadlines(settings, System::nanoTime),
                lease,
                loop));
  }

  private FrameSource delivery(
      List<Lane> lanes, List<KeyTableView> views, String openingId, StreamLease lease) {
    FrameSource live = ConflationOpen.delivery(conflated, openingId, lanes, settings, lease, watch);
    if (views.isEmpty()) {
      return live;
    }
    byte[] notice = SnapshotViews.notice(views, plan.start(), openingId, encoder);
    return new SnapshotDelivery(live, views, settings, openingId, notice);
  }

  private byte[] opening(String id) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Object info = ControlBodies.streamInfo(plan, topics);
    out.writeBytes(encoder.controlWithRetry("stream-info", id, info, retryMillis));
    for (StartPlan.Reset reset : plan.resets()) {
      out.writeBytes(encoder.control("reset", id, ControlBodies.reset(reset, plan)));
    }
    if (!plan.gaps().isEmpty()) {
      out.writeBytes(encoder.control("gap", id, ControlBodies.gap(plan.gaps())));
    }
    return out.toByteArray();
  }
}
