package dev.streamgate.stream.open;

import dev.streamgate.conflate.ConflateWindow;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.kafka.TopicSnapshot;
import dev.streamgate.problem.ProblemException;
import dev.streamgate.stream.delivery.ClientStream;
import dev.streamgate.stream.delivery.Lane;
import dev.streamgate.stream.delivery.LaneMeters;
import dev.streamgate.stream.delivery.RecordFilter;
import dev.streamgate.stream.delivery.StreamLease;
import dev.streamgate.stream.pod.PodLease;
import dev.streamgate.stream.pod.StreamLog;
import dev.streamgate.stream.pod.StreamTag;
import dev.streamgate.stream.watch.PatternWatch;
import dev.streamgate.tail.KeyTableView;
import dev.streamgate.tail.TopicTail;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One stream being opened, and the owner of everything it has taken from the pod until the stream
 * holds it: the address's stream slot, each topic's reader (a reference count in the {@code
 * TailRegistry}), each lane's selection group and conflation group, its snapshot views and its
 * pattern watch. Used as a resource: {@link #close} gives back whatever was not handed over,
 * whichever step failed and however (a refusal, an unexpected exception, an error), and {@link
 * #handOver} gives all of it, once, to the stream's {@link PodLease}, which gives it back when the
 * stream ends. {@link StreamAssembly} opens in a try-with-resources block whose last step is the
 * hand-over.
 *
 * <p>A snapshot view is an immutable value that holds no count (its key table stays for {@code
 * keep} after its last use either way), and a pattern watch follows the directory only once its
 * stream is subscribed; the open still owns both, so what it gives back never depends on how far
 * the stream got. After the hand-over the watch is the stream's delivery's, closed when the stream
 * ends, before the lease is given back.
 *
 * <p>Threads: one opening thread (the open pool or the connection's event loop), from the slot to
 * the hand-over or the close; an open is never shared.
 */
final class Open implements AutoCloseable {

  private final PodLease.Pod pod;
  private final OpenSeams seams;
  private final List<TopicTail> readers = new ArrayList<>();
  private final List<Lane> lanes = new ArrayList<>();
  private final List<KeyTableView> views = new ArrayList<>();
  private String address;
  private PatternWatch watch;
  private boolean handedOver;
  private boolean closed;

  Open(PodLease.Pod pod, OpenSeams seams) {
    this.pod = pod;
    this.seams = seams;
  }

  /**
   * Takes a stream slot for a client at {@code address}.
   *
   * @throws ProblemException 429 above the pod's or the address's bound
   */
  void slot(String address) {
    check();
    if (this.address != null) {
      throw new IllegalStateException("An open takes one slot");
    }
    pod.slots().acquire(address);
    this.address = address;
  }

  /**
   * Admits the stream unless the pod is saturated. Takes nothing: a refusal gives back the slot
   * taken before it, in {@link #close}.
   *
   * @throws ProblemException 503 with Retry-After while the pod's writes hold its write budget
   */
  void admit() {
    check();
    pod.writes().admit();
  }

  /** Acquires the reader of the snapshot's topic incarnation, starting it if none runs. */
  TopicTail reader(TopicSnapshot snapshot) {
    check();
    TopicTail tail = seams.readers().apply(snapshot);
    readers.add(tail);
    return tail;
  }

  /**
   * The topic's key table as of a position, for a {@code from=snapshot} stream (may wait for the
   * table's build: the open pool only).
   *
   * @throws ProblemException 503 when the table is too large or not available
   */
  KeyTableView view(TopicTail tail, TopicSnapshot snapshot, long timeoutNanos) {
    check();
    KeyTableView view = SnapshotViews.take(tail, snapshot, timeoutNanos);
    views.add(view);
    return view;
  }

  /**
   * The topic's lane, in the topic's group of streams that share its selection (none without one)
   * and, for a conflated stream, in its conflation group. The lane is this open's from the moment
   * it exists, so a refusal of either group leaves nothing joined behind it.
   *
   * @param filter the stream's key and type filters and its selection
   * @param conflate the stream's window, if it is conflated
   * @throws ProblemException 503 when the topic has as many distinct selections, or conflation
   *     groups, as it may serve
   */
  Lane lane(
      TopicTail tail,
      TopicSnapshot snapshot,
      TopicPosition start,
      LaneMeters meters,
      RecordFilter filter,
      Optional<ConflateWindow> conflate) {
    check();
    Lane lane = new Lane(tail, snapshot, start, meters);
    lanes.add(lane);
    ProblemException refused = ConflationOpen.join(lane, filter, conflate);
    if (refused != null) {
      throw refused;
    }
    return lane;
  }

  /** The pattern stream's watch; it follows the directory once the stream is subscribed. */
  PatternWatch watch(PatternWatch watch) {
    check();
    this.watch = watch;
    return watch;
  }

  /** The lanes so far, in topic order: the list the stream's delivery and lease will share. */
  List<Lane> lanes() {
    return lanes;
  }

  /** The snapshot views so far, in topic order. */
  List<KeyTableView> views() {
    return views;
  }

  /**
   * Hands everything this open holds to the stream's lease, once: {@code stream} makes the stream
   * around the lease. Only when it returns does the stream own what was taken; if it throws, this
   * open still does, and {@link #close} gives it back.
   *
   * @param tag who asked, from the address whose slot this open took
   */
  ClientStream handOver(StreamLog log, StreamTag tag, Function<StreamLease, ClientStream> stream) {
    check();
    if (address == null || !address.equals(tag.address())) {
      throw new IllegalStateException("A stream is handed over with its address's slot");
    }
    if (readers.size() != lanes.size()) {
      throw new IllegalStateException("Every reader an open takes belongs to one lane");
    }
    StreamLease lease = seams.lease().apply(new PodLease(pod, lanes, log, tag));
    ClientStream made = stream.apply(lease);
    handedOver = true;
    return made;
  }

  /**
   * Gives back what was not handed over: the watch, the lanes' selection and conflation groups, the
   * readers, the slot, in that order; every one of them even when another fails to go (the first
   * failure is thrown after, suppressed by the exception that failed the open). Nothing after a
   * hand-over; nothing the second time.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (handedOver) {
      return;
    }
    Releases releases = new Releases();
    if (watch != null) {
      releases.run(watch::close);
    }
    lanes.forEach(lane -> releases.run(lane::unselect));
    readers.forEach(tail -> releases.run(() -> pod.tails().release(tail)));
    if (address != null) {
      releases.run(() -> pod.slots().release(address));
    }
    releases.rethrow();
  }

  private void check() {
    if (closed || handedOver) {
      throw new IllegalStateException("This open was already handed over or closed");
    }
  }

  /** Runs every release, keeping the first failure for after the last one. */
  private static final class Releases {
    private RuntimeException failed;

    void run(Runnable release) {
      try {
        release.run();
      } catch (RuntimeException e) {
        if (failed == null) {
          failed = e;
        } else {
          failed.addSuppressed(e);
        }
      }
    }

    void rethrow() {
      if (failed != null) {
        throw failed;
      }
    }
  }
}
