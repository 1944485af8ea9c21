package dev.streamgate.stream.open;

import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.kafka.TopicCatalog;
import dev.streamgate.kafka.TopicDirectory;
import dev.streamgate.kafka.TopicSnapshot;
import dev.streamgate.kafka.TypeHeaderConfig;
import dev.streamgate.problem.ProblemException;
import dev.streamgate.problem.Problems;
import dev.streamgate.security.Caller;
import dev.streamgate.security.JwtConfig;
import dev.streamgate.security.MaxTopicsConfig;
import dev.streamgate.security.TopicAccess;
import dev.streamgate.start.PatternResume;
import dev.streamgate.start.ReaderLookup;
import dev.streamgate.start.StartPlan;
import dev.streamgate.start.StartPlanner;
import dev.streamgate.stream.StreamConfig;
import dev.streamgate.stream.delivery.ClientStream;
import dev.streamgate.stream.pod.PodLease;
import dev.streamgate.stream.watch.IdBudget;
import dev.streamgate.tail.SnapshotConfig;
import dev.streamgate.tail.TailRegistry;
import io.smallrye.mutiny.Multi;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;

/**
 * Opens a stream: learns where the topics stand (from their running readers when that is exact, see
 * {@link ReaderLookup}, else from Kafka), plans the start from the client's id, and has a {@link
 * StreamAssembly} take what the stream holds (through an {@link Open} that gives all of it back if
 * any step fails) and build it. {@link #open} may block (Kafka look-ups, a key table's build) and
 * runs on the open pool; {@link #openFromReaders} never does and runs on the connection's event
 * loop.
 *
 * <p>Gates, in order: the topics (404, 503 when Kafka does not answer), a pattern's size (400), the
 * id's width (400), the start (Kafka for {@code since}), then in the assembly the stream slot
 * (429), the pod's saturation (503), the event loop, and per topic its reader, its snapshot view
 * (503), its selection group (503) and, conflated, its conflation group (503).
 */
@ApplicationScoped
public class StreamOpener {

  private final TopicCatalog catalog;
  private final TailRegistry tails;
  private final CursorCodec codec;
  private final TopicDirectory directory;
  private final TopicAccess access;
  private final int maxTopics;
  private final int maxIdLength;
  private final StreamAssembly assembly;

  @Inject
  public StreamOpener(
      TopicCatalog catalog,
      PodLease.Pod pod,
      CursorCodec codec,
      TopicDirectory directory,
      TopicAccess access,
      StreamConfig config,
      TypeHeaderConfig typeHeader,
      MaxTopicsConfig topics,
      JwtConfig jwt,
      SnapshotConfig snapshot) {
    this.catalog = catalog;
    this.tails = pod.tails();
    this.codec = codec;
    this.directory = directory;
    this.access = access;
    this.maxTopics = topics.maxTopics();
    // the codec's own bound: the ids a stream may be sent are the ids the pod can read back
    this.maxIdLength = codec.maxLength();
    StreamDefaults defaults =
        new StreamDefaults(
            config,
            typeHeader.typeHeader(),
            maxTopics,
            maxIdLength,
            jwt.expiryNotice(),
            snapshot.buildTimeout());
    this.assembly =
        new StreamAssembly(pod, OpenSeams.of(pod.tails()), codec, directory, access, defaults);
  }

  private StreamOpener(StreamOpener opener, StreamAssembly assembly) {
    this.catalog = opener.catalog;
    this.tails = opener.tails;
    this.codec = opener.codec;
    this.directory = opener.directory;
    this.access = opener.access;
    this.maxTopics = opener.maxTopics;
    this.maxIdLength = opener.maxIdLength;
    this.assembly = assembly;
  }

  /** This opener with its readers taken and its leases made through {@code seams} (tests). */
  StreamOpener with(OpenSeams seams) {
    return new StreamOpener(this, assembly.with(seams));
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
    OpenRequest asked = asked(request, address, caller);
    if (request.match().hasPatterns()) {
      PatternOpen patterns =
          PatternOpen.resolve(
              request.match(),
              asked.id(),
              t -> access.mayRead(caller, t),
              maxTopics,
              directory,
              catalog);
      return start(asked, patterns.snapshots(), patterns);
    }
    Map<String, TopicSnapshot> topics =
        ConflationOpen.needsKafkaHead(request)
            ? catalog.snapshot(request.topics())
            : ReaderLookup.of(
                    request.topics(),
                    request.startMode(),
                    asked.id(),
                    tails::running,
                    names -> Optional.of(catalog.currentShapes(names)))
                .orElseGet(() -> catalog.snapshot(request.topics()));
    return start(asked, topics, null);
  }

  /**
   * The stream's frames when it can open without waiting for anything: its topics' running readers
   * know where they stand ({@link ReaderLookup}) and Kafka's description of them is recent enough
   * ({@code open-metadata-max-age}); empty when Kafka must be asked, or when the stream is a
   * pattern or a snapshot (their opens look topics up or wait for a table) or a conflated resume
   * (planned against Kafka's head, see {@link ConflationOpen}), so the caller opens it on a worker
   * thread with {@link #open}. Never blocks: an event loop may call it. A reconnect storm's resumes
   * are such opens, so they take no pool hop and no turn of a busy event loop's task queue.
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
    OpenRequest asked = asked(request, address, caller);
    return ReaderLookup.of(
            request.topics(),
            request.startMode(),
            asked.id(),
            tails::running,
            catalog::recentShapes)
        .map(topics -> start(asked, topics, null));
  }

  private OpenRequest asked(StreamRequest request, String address, Caller caller) {
    return new OpenRequest(request, address, caller, request.lastEventId().map(codec::decode));
  }

  /** Checks the id's width, plans the start and has the stream assembled. */
  private ClientStream start(
      OpenRequest asked, Map<String, TopicSnapshot> topics, PatternOpen patterns) {
    checkIdFits(topics);
    StartPlanner.Fallback fallback = StartFallbacks.of(asked.request(), catalog);
    StartPlan plan =
        patterns != null
            ? PatternResume.plan(topics, asked.id(), fallback)
            : StartPlanner.plan(topics, asked.id(), fallback);
    return assembly.assemble(asked, topics, plan, patterns);
  }

  /**
   * Refuses a stream whose id could outgrow {@code max-id-length} (each partition's offset takes at
   * most ten bytes), so that no id the service sends is one it would refuse to read back.
   */
  private void checkIdFits(Map<String, TopicSnapshot> topics) {
    IdBudget budget = new IdBudget(maxIdLength);
    topics.values().forEach(budget::add);
    if (!budget.fitsNow()) {
      throw Problems.badRequest(
          "Stream too wide",
          "These topics have too many partitions for one stream; subscribe to fewer topics");
    }
  }
}
