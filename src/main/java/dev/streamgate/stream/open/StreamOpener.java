package dev.streamgate.stream.open;

import dev.streamgate.config.StreamgateConfig;
import dev.streamgate.cursor.Cursor;
import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.cursor.CursorDecoding;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.kafka.TopicCatalog;
import dev.streamgate.kafka.TopicDirectory;
import dev.streamgate.kafka.TopicSnapshot;
import dev.streamgate.pattern.TopicMatch;
import dev.streamgate.problem.ProblemException;
import dev.streamgate.problem.Problems;
import dev.streamgate.security.Caller;
import dev.streamgate.security.TopicAccess;
import dev.streamgate.start.PatternResume;
import dev.streamgate.start.ReaderLookup;
import dev.streamgate.start.StartPlan;
import dev.streamgate.start.StartPlanner;
import dev.streamgate.stream.delivery.ClientStream;
import dev.streamgate.stream.delivery.FrameSource;
import dev.streamgate.stream.delivery.Lane;
import dev.streamgate.stream.delivery.SnapshotDelivery;
import dev.streamgate.stream.delivery.StreamDeadlines;
import dev.streamgate.stream.delivery.StreamLease;
import dev.streamgate.stream.delivery.StreamSettings;
import dev.streamgate.stream.loop.LoopSignals;
import dev.streamgate.stream.loop.StreamClock;
import dev.streamgate.stream.pod.OpenStreams;
import dev.streamgate.stream.pod.PodLease;
import dev.streamgate.stream.pod.StreamDrain;
import dev.streamgate.stream.pod.StreamLog;
import dev.streamgate.stream.pod.StreamSlots;
import dev.streamgate.stream.pod.StreamStats;
import dev.streamgate.stream.pod.StreamTag;
import dev.streamgate.stream.watch.IdBudget;
import dev.streamgate.stream.watch.PatternWatch;
import dev.streamgate.tail.CatchUpPool;
import dev.streamgate.tail.KeyTableView;
import dev.streamgate.tail.TailRegistry;
import dev.streamgate.tail.TopicTail;
import dev.streamgate.wire.ControlBodies;
import dev.streamgate.wire.EventEncoder;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Opens a stream: learns where the topics stand (from their running readers when that is exact, see
 * {@link ReaderLookup}, else from Kafka), plans the start from the client's id, joins the topics'
 * shared readers and builds the client's stream. {@link #open} may block (Kafka look-ups) and runs
 * on a worker thread; {@link #openFromReaders} never does and runs on the connection's event loop.
 */
@ApplicationScoped
public class StreamOpener {

  private final TopicCatalog catalog;
  private final TailRegistry tails;
  private final StreamSlots slots;
  private final StreamStats stats;
  private final PodLease.Pod pod;
  private final StreamgateConfig.Stream config;
  private final CursorCodec codec;
  private final TopicDirectory directory;
  private final TopicAccess access;
  private final long expiryNoticeNanos;
  private final long snapshotTimeoutNanos;
  private final Map<Object, LoopSignals> loops = new ConcurrentHashMap<>();

  public StreamOpener(
      TopicCatalog catalog,
      TailRegistry tails,
      CatchUpPool catchUpPool,
      StreamSlots slots,
      StreamClock clock,
      StreamStats stats,
      StreamDrain drain,
      OpenStreams streams,
      CursorCodec codec,
      TopicDirectory directory,
      TopicAccess access,
      StreamgateConfig config) {
    this.directory = directory;
    this.access = access;
    this.catalog = catalog;
    this.tails = tails;
    this.slots = slots;
    this.stats = stats;
    this.pod = new PodLease.Pod(catchUpPool, tails, slots, clock, stats, drain, streams);
    this.config = config.stream();
    this.expiryNoticeNanos = config.security().jwt().expiryNotice().toNanos();
    this.snapshotTimeoutNanos = config.snapshot().buildTimeout().toNanos();
    this.codec = codec;
  }

  /**
   * The stream's frames, ready to be subscribed by the HTTP layer.
   *
   * @param request the validated request; its topics were already checked against the caller
   * @param address the client's address, for the per-address stream limit
   * @param caller who asks: their subject is listed with the stream, and it ends when their token
   *     expires, if ever
   */
  public Multi<Buffer> open(StreamRequest request, String address, Caller caller) {
    Optional<CursorDecoding> id = request.lastEventId().map(codec::decode);
    TopicMatch match = request.match();
    PatternOpen patterns =
        match.hasPatterns()
            ? PatternOpen.resolve(
                match, id, t -> access.mayRead(caller, t), config.maxTopics(), directory, catalog)
            : null;
    Map<String, TopicSnapshot> snapshots =
        patterns != null
            ? patterns.snapshots()
            : ConflationOpen.needsKafkaHead(request)
                ? catalog.snapshot(request.topics())
                : ReaderLookup.of(
                        request.topics(),
                        request.startMode(),
                        id,
                        tails::running,
                        topics -> Optional.of(catalog.currentShapes(topics)))
                    .orElseGet(() -> catalog.snapshot(request.topics()));
    return open(request, address, caller, snapshots, id, patterns);
  }

  /**
   * The stream's frames when it can open without waiting for anything: its topics' running readers
   * know where they stand ({@link ReaderLookup}) and Kafka's description of them is recent enough
   * ({@code open-metadata-max-age}); empty when Kafka must be asked, or when the stream is a
   * pattern or a snapshot (their opens look topics up or wait for a table), so the caller opens it
   * on a worker thread with {@link #open}. Never blocks: an event loop may call it. A reconnect
   * storm's resumes are such opens, so they take no pool hop and no turn of a busy event loop's
   * task queue.
   *
   * @throws ProblemException as {@link #open}, for a request it refuses
   */
  public Optional<Multi<Buffer>> openFromReaders(
      StreamRequest request, String address, Caller caller) {
    if (request.match().hasPatterns()
        || request.fromSnapshot()
        || ConflationOpen.needsKafkaHead(request)) {
      return Optional.empty();
    }
    Optional<CursorDecoding> id = request.lastEventId().map(codec::decode);
    return ReaderLookup.of(
            request.topics(), request.startMode(), id, tails::running, catalog::recentShapes)
        .map(snapshots -> open(request, address, caller, snapshots, id, null));
  }

  private Multi<Buffer> open(
      StreamRequest request,
      String address,
      Caller caller,
      Map<String, TopicSnapshot> snapshots,
      Optional<CursorDecoding> id,
      PatternOpen patterns) {
    checkIdFits(snapshots);
    StartPlan plan =
        patterns != null
            ? PatternResume.plan(snapshots, id, fallback(request))
            : StartPlanner.plan(snapshots, id, fallback(request));
    EventEncoder encoder = request.format().encoder();
    long retryMillis = retryMillis();
    slots.acquire(address);
    try {
      return open(request, address, caller, snapshots, id, plan, encoder, retryMillis, patterns);
    } catch (RuntimeException e) {
      slots.release(address);
      throw e;
    }
  }

  private ClientStream open(
      StreamRequest request,
      String address,
      Caller caller,
      Map<String, TopicSnapshot> snapshots,
      Optional<CursorDecoding> id,
      StartPlan plan,
      EventEncoder encoder,
      long retryMillis,
      PatternOpen patterns) {
    Executor loop = loop(); // before any reader is acquired: a refusal here leaks nothing
    List<Lane> lanes = new ArrayList<>();
    List<KeyTableView> views = new ArrayList<>();
    List<TopicPosition> positions = new ArrayList<>();
    Map<String, String> starts = new LinkedHashMap<>();
    for (TopicSnapshot snapshot : snapshots.values()) {
      String topic = snapshot.topic();
      TopicTail tail = tails.acquire(snapshot);
      TopicPosition position = plan.start().topic(topic).orElseThrow();
      if (StartPlanner.SNAPSHOT.equals(plan.origins().get(topic))) {
        KeyTableView view = view(tail, snapshot, lanes);
        views.add(view);
        position = new TopicPosition(topic, snapshot.fingerprint(), view.position());
      }
      positions.add(position);
      StreamStats.TopicMeters meters = stats.topic(topic);
      Lane lane = new Lane(tail, snapshot, position, meters);
      select(lane, request, lanes);
      boolean inWindow = lane.tryJoin(new long[0]);
      meters.started(inWindow);
      String start = plan.origins().get(topic);
      if (id.isPresent()) {
        String outcome = resumeOutcome(plan, topic, inWindow);
        meters.resumed(outcome);
        start = outcome.equals("reset") ? "reset:" + start : "resume:" + outcome;
      }
      starts.put(topic, start);
      lanes.add(lane);
    }
    if (!views.isEmpty()) {
      plan = new StartPlan(Cursor.of(positions), plan.origins(), plan.resets(), plan.gaps());
    }
    String startId = codec.encode(plan.start());
    List<String> topics = List.copyOf(snapshots.keySet());
    String format = request.format().name().toLowerCase(Locale.ROOT);
    StreamLog log = new StreamLog(topics, starts, startId, format);
    StreamSettings settings =
        new StreamSettings(
            encoder,
            request.format(),
            codec,
            request.filter(),
            config.typeHeader(),
            config.maxBatchBytes(),
            config.heartbeat().toNanos(),
            lifetimeNanos(),
            config.slowClientTimeout().toNanos(),
            caller.expiresAt().map(Instant::toEpochMilli).orElse(Long.MAX_VALUE),
            expiryNoticeNanos);
    StreamTag tag = new StreamTag(caller.subject(), address, topics, request.filter(), format);
    StreamLease lease = new PodLease(pod, lanes, log, tag);
    String openingId = views.isEmpty() ? startId : codec.encodeSnapshot(plan.start());
    byte[] opening = opening(plan, snapshots, encoder, retryMillis, openingId);
    PatternWatch watch = null;
    if (patterns != null) {
      watch = watch(request, caller, snapshots, patterns);
      opening = PatternNotices.skipped(opening, encoder, openingId, patterns.skipped());
    }
    // The client's id is the snapshot id until the delivery sends it a position of its own.
    FrameSource delivery =
        ConflationOpen.delivery(request, openingId, lanes, settings, lease, watch);
    return new ClientStream(
        opening,
        views.isEmpty()
            ? delivery
            : new SnapshotDelivery(
                delivery,
                views,
                settings,
                openingId,
                SnapshotViews.notice(views, plan.start(), openingId, encoder)),
        new StreamDeadlines(settings, System::nanoTime),
        lease,
        loop);
  }

  private PatternWatch watch(
      StreamRequest request,
      Caller caller,
      Map<String, TopicSnapshot> snapshots,
      PatternOpen patterns) {
    IdBudget budget = new IdBudget(config.maxIdLength());
    snapshots.values().forEach(budget::add);
    return new PatternWatch(
        request.match(),
        t -> access.mayRead(caller, t),
        config.maxTopics(),
        budget,
        snapshots.keySet(),
        Set.copyOf(patterns.skipped()),
        tails,
        stats::topic,
        lane -> ConflationOpen.join(lane, request) == null,
        directory);
  }

  /**
   * Joins the lane to its topic's groups for the stream's selection and conflation; when the topic
   * has as many as it may, gives back what this stream took so far and refuses it (503).
   */
  private void select(Lane lane, StreamRequest request, List<Lane> opened) {
    ProblemException refused = ConflationOpen.join(lane, request);
    if (refused == null) {
      return;
    }
    tails.release(lane.tail());
    for (Lane other : opened) {
      other.unselect();
      tails.release(other.tail());
    }
    throw refused;
  }

  /** The topic's key table view, or a 503 after giving back what the stream took so far. */
  private KeyTableView view(TopicTail tail, TopicSnapshot snapshot, List<Lane> opened) {
    try {
      return SnapshotViews.take(tail, snapshot, snapshotTimeoutNanos);
    } catch (ProblemException refused) {
      tails.release(tail);
      for (Lane other : opened) {
        other.unselect();
        tails.release(other.tail());
      }
      throw refused;
    }
  }

  /**
   * How a stream that sent an id resumed a topic: {@code reset} (the id could not be honoured for
   * it), {@code gap} (retention deleted part of what it missed), else {@code window} or {@code
   * catch-up} by where its first records come from.
   */
  static String resumeOutcome(StartPlan plan, String topic, boolean inWindow) {
    if (plan.resets().stream().anyMatch(r -> r.topics().contains(topic))) {
      return "reset";
    }
    if (plan.gaps().stream().anyMatch(g -> g.topic().equals(topic))) {
      return "gap";
    }
    return inWindow ? "window" : "catch-up";
  }

  /**
   * The connection's event loop, so a stream's work runs where its socket is written. The opener
   * runs on the request's (worker) context; without one there is no connection to serve, and
   * running the stream on some other pool would break its one-thread ownership.
   */
  private Executor loop() {
    Context context = Vertx.currentContext();
    if (context == null) {
      throw new IllegalStateException(
          "A stream must be opened on its request's Vert.x context (the open pool), to run on its"
              + " connection's event loop; this thread has none: "
              + Thread.currentThread().getName());
    }
    return LoopSignals.of(context, loops);
  }

  private byte[] opening(
      StartPlan plan,
      Map<String, TopicSnapshot> snapshots,
      EventEncoder encoder,
      long retryMillis,
      String id) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Object info = ControlBodies.streamInfo(plan, snapshots);
    out.writeBytes(encoder.controlWithRetry("stream-info", id, info, retryMillis));
    for (StartPlan.Reset reset : plan.resets()) {
      out.writeBytes(encoder.control("reset", id, ControlBodies.reset(reset, plan)));
    }
    if (!plan.gaps().isEmpty()) {
      out.writeBytes(encoder.control("gap", id, ControlBodies.gap(plan.gaps())));
    }
    return out.toByteArray();
  }

  /**
   * Refuses a stream whose id could outgrow {@code max-id-length} (each partition's offset takes at
   * most ten bytes), so that no id the service sends is one it would refuse to read back.
   */
  private void checkIdFits(Map<String, TopicSnapshot> snapshots) {
    IdBudget budget = new IdBudget(config.maxIdLength());
    snapshots.values().forEach(budget::add);
    if (!budget.fitsNow()) {
      throw Problems.badRequest(
          "Stream too wide",
          "These topics have too many partitions for one stream; subscribe to fewer topics");
    }
  }

  private StartPlanner.Fallback fallback(StreamRequest request) {
    if (request.sinceMillis().isPresent()) {
      long since = request.sinceMillis().get();
      return fallback("since", topic -> catalog.offsetsForTime(topic, since));
    }
    if (request.fromEarliest()) {
      return fallback("earliest", TopicSnapshot::earliest);
    }
    if (request.fromSnapshot()) {
      // the lanes start at the key table's position instead, chosen when they are opened
      return fallback(StartPlanner.SNAPSHOT, TopicSnapshot::latest);
    }
    return fallback("latest", TopicSnapshot::latest);
  }

  private static StartPlanner.Fallback fallback(
      String origin, Function<TopicSnapshot, long[]> offsets) {
    return new StartPlanner.Fallback() {
      @Override
      public String origin() {
        return origin;
      }

      @Override
      public long[] offsets(TopicSnapshot topic) {
        return offsets.apply(topic);
      }
    };
  }

  private long retryMillis() {
    long jitter = config.retryJitter().toMillis();
    return config.retry().toMillis()
        + (jitter > 0 ? ThreadLocalRandom.current().nextLong(jitter + 1) : 0);
  }

  private long lifetimeNanos() {
    long jitter = config.lifetimeJitter().toNanos();
    long lifetime = config.maxLifetime().toNanos();
    return lifetime
        - (jitter > 0
            ? ThreadLocalRandom.current().nextLong(Math.min(jitter, lifetime / 2) + 1)
            : 0);
  }
}
