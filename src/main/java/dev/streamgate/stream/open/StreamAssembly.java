package dev.streamgate.stream.open;

import dev.streamgate.cursor.Cursor;
import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.kafka.TopicDirectory;
import dev.streamgate.kafka.TopicSnapshot;
import dev.streamgate.security.Caller;
import dev.streamgate.security.TopicAccess;
import dev.streamgate.start.StartPlan;
import dev.streamgate.start.StartPlanner;
import dev.streamgate.stream.delivery.ClientStream;
import dev.streamgate.stream.delivery.Lane;
import dev.streamgate.stream.delivery.StreamSettings;
import dev.streamgate.stream.loop.LoopSignals;
import dev.streamgate.stream.pod.PodLease;
import dev.streamgate.stream.pod.StreamStats;
import dev.streamgate.stream.watch.IdBudget;
import dev.streamgate.stream.watch.PatternWatch;
import dev.streamgate.tail.KeyTableView;
import dev.streamgate.tail.TopicTail;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Puts a planned stream together: takes from the pod what the stream will hold, each step through
 * one {@link Open} that owns it (the slot, the pod's admission, then the event loop, then per topic
 * its reader, its key table view for a snapshot, its lane in its selection group and, conflated,
 * its conflation group), and makes the stream with a {@link StreamBuilder}, which hands all of it
 * to the stream's lease. A refusal or failure at any step gives back everything taken before it, in
 * the open's close.
 *
 * <p>Threads: the open pool or the connection's event loop ({@link StreamOpener}); a snapshot's
 * view may wait for its table's build, so only the open pool opens snapshots. Nothing is kept
 * between opens but the event loops' signal queues.
 */
final class StreamAssembly {

  private final PodLease.Pod pod;
  private final OpenSeams seams;
  private final CursorCodec codec;
  private final TopicDirectory directory;
  private final TopicAccess access;
  private final StreamDefaults defaults;
  private final Map<Object, LoopSignals> loops;

  StreamAssembly(
      PodLease.Pod pod,
      OpenSeams seams,
      CursorCodec codec,
      TopicDirectory directory,
      TopicAccess access,
      StreamDefaults defaults) {
    this(pod, seams, codec, directory, access, defaults, new ConcurrentHashMap<>());
  }

  private StreamAssembly(
      PodLease.Pod pod,
      OpenSeams seams,
      CursorCodec codec,
      TopicDirectory directory,
      TopicAccess access,
      StreamDefaults defaults,
      Map<Object, LoopSignals> loops) {
    this.pod = pod;
    this.seams = seams;
    this.codec = codec;
    this.directory = directory;
    this.access = access;
    this.defaults = defaults;
    this.loops = loops;
  }

  /** The same assembly taking its readers and making its leases through {@code seams}. */
  StreamAssembly with(OpenSeams seams) {
    return new StreamAssembly(pod, seams, codec, directory, access, defaults, loops);
  }

  /**
   * The stream of a request whose topics and start are known.
   *
   * @param topics the stream's topics as the open found them, in stream order
   * @param patterns the topics of a pattern stream, else null
   */
  ClientStream assemble(
      OpenRequest asked, Map<String, TopicSnapshot> topics, StartPlan plan, PatternOpen patterns) {
    long retryMillis = defaults.retryMillis();
    try (Open open = new Open(pod, seams)) {
      open.slot(asked.address());
      open.admit(); // a saturated pod refuses here too: the open may have waited on the pool
      Executor loop = loop(); // before any reader is acquired
      Map<String, String> starts = new LinkedHashMap<>();
      StartPlan started = join(open, asked, topics, plan, starts);
      StreamSettings settings =
          defaults
              .settings(codec)
              .format(asked.request().format())
              .filter(asked.request().filter())
              .credentialExpiry(asked.caller().expiresAt())
              .build();
      StreamBuilder builder =
          new StreamBuilder(settings)
              .start(started, topics, starts)
              .retry(retryMillis)
              .caller(asked.caller().subject(), asked.address())
              .loop(loop)
              .conflated(asked.request().conflate().isPresent());
      if (patterns != null) {
        builder.patterns(open.watch(watch(asked, topics, patterns)), patterns.skipped());
      }
      return builder.build(open);
    }
  }

  /**
   * Takes each topic's reader, view and lane, counts how the topic started, and notes it in {@code
   * starts}; returns the plan, its start moved to the views' positions for a snapshot.
   */
  private StartPlan join(
      Open open,
      OpenRequest asked,
      Map<String, TopicSnapshot> topics,
      StartPlan plan,
      Map<String, String> starts) {
    List<TopicPosition> positions = new ArrayList<>();
    for (TopicSnapshot snapshot : topics.values()) {
      String topic = snapshot.topic();
      TopicTail tail = open.reader(snapshot);
      TopicPosition position = plan.start().topic(topic).orElseThrow();
      if (StartPlanner.SNAPSHOT.equals(plan.origins().get(topic))) {
        KeyTableView view = open.view(tail, snapshot, defaults.snapshotTimeoutNanos());
        position = new TopicPosition(topic, snapshot.fingerprint(), view.position());
      }
      positions.add(position);
      StreamStats.TopicMeters meters = pod.stats().topic(topic);
      Lane lane =
          open.lane(
              tail,
              snapshot,
              position,
              meters,
              asked.request().filter(),
              asked.request().conflate());
      boolean inWindow = lane.tryJoin(new long[0]);
      meters.started(inWindow);
      String start = plan.origins().get(topic);
      if (asked.id().isPresent()) {
        String outcome = resumeOutcome(plan, topic, inWindow);
        meters.resumed(outcome);
        start = outcome.equals("reset") ? "reset:" + start : "resume:" + outcome;
      }
      starts.put(topic, start);
    }
    return open.views().isEmpty()
        ? plan
        : new StartPlan(Cursor.of(positions), plan.origins(), plan.resets(), plan.gaps());
  }

  private PatternWatch watch(
      OpenRequest asked, Map<String, TopicSnapshot> topics, PatternOpen patterns) {
    IdBudget budget = new IdBudget(defaults.maxIdLength());
    topics.values().forEach(budget::add);
    Caller caller = asked.caller();
    return new PatternWatch(
        asked.request().match(),
        t -> access.mayRead(caller, t),
        defaults.maxTopics(),
        budget,
        topics.keySet(),
        Set.copyOf(patterns.skipped()),
        pod.tails(),
        pod.stats()::topic,
        lane ->
            ConflationOpen.join(lane, asked.request().filter(), asked.request().conflate()) == null,
        directory);
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
   * runs on the request's context (the open pool's worker or the event loop itself); without one
   * there is no connection to serve, and running the stream on some other pool would break its
   * one-thread ownership.
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
}
