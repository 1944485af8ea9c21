package dev.streamgate.stream.watch;

import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.kafka.TopicDirectory;
import dev.streamgate.kafka.TopicSnapshot;
import dev.streamgate.pattern.TopicMatch;
import dev.streamgate.stream.delivery.Lane;
import dev.streamgate.stream.delivery.LaneChanges;
import dev.streamgate.stream.delivery.LaneMeters;
import dev.streamgate.tail.TailRegistry;
import dev.streamgate.wire.PatternBodies;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The topic patterns of one open stream: learns from the pod's {@link TopicDirectory} of matching
 * topics created while the stream runs and hands each, with a lane that reads it from its start, to
 * the stream; drops the lanes of matched topics that were deleted or recreated, with a {@code
 * reset} of that topic alone (a recreated topic then joins again, from its start). A topic beyond
 * {@code max-topics}, or one that would make the stream's ids longer than {@code max-id-length}, is
 * not joined: the stream says so once with {@code topic-skipped}.
 *
 * <p>Threads: {@link #wanted} and {@link #offer} run on the directory's thread and acquire the new
 * topics' readers there (never on an event loop); {@link #apply} runs on the stream's event loop,
 * which alone changes the lanes. They meet in two queues and under this object's lock.
 */
public final class PatternWatch implements TopicDirectory.Watcher, LaneChanges {

  /** What the directory's thread hands to the event loop. */
  private record Change(Lane lane, TopicSnapshot snapshot, String skipped, String reason) {}

  private final TopicMatch match;
  private final Predicate<String> readable;
  private final int maxTopics;
  private final IdBudget budget;
  private final TailRegistry tails;
  private final Function<String, LaneMeters> meters;
  private final Predicate<Lane> join;
  private final TopicDirectory directory;
  private final ConcurrentLinkedQueue<Change> changes = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Lane> left = new ConcurrentLinkedQueue<>();

  // the directory thread's, under the lock
  private final Set<String> known;
  private final Set<String> reported;
  private final Map<String, Integer> retired = new HashMap<>();
  private boolean closed;
  private volatile Runnable signal;

  /**
   * A watch that acquires the readers of joining topics from {@code tails} and gives their lanes
   * their topic's {@code meters}, by topic name.
   */
  public PatternWatch(
      TopicMatch match,
      Predicate<String> readable,
      int maxTopics,
      IdBudget budget,
      Set<String> opened,
      Set<String> skipped,
      TailRegistry tails,
      Function<String, LaneMeters> meters,
      Predicate<Lane> join,
      TopicDirectory directory) {
    this.match = match;
    this.readable = readable;
    this.maxTopics = maxTopics;
    this.budget = budget;
    this.known = new HashSet<>(opened);
    this.reported = new HashSet<>(skipped);
    this.tails = tails;
    this.meters = meters;
    this.join = join;
    this.directory = directory;
  }

  /** Starts following the directory; {@code signal} wakes the stream when lanes change. */
  @Override
  public void open(Runnable signal) {
    this.signal = signal;
    directory.register(this);
  }

  /** Whether the lane is a pattern's: one that leaves alone, instead of ending the stream. */
  @Override
  public boolean owns(Lane lane) {
    return !match.names().contains(lane.topic());
  }

  @Override
  public synchronized Set<String> wanted(Set<String> listed) {
    if (closed) {
      return Set.of();
    }
    for (Lane gone = left.poll(); gone != null; gone = left.poll()) {
      // a place is free: topics skipped so far are tried again (and told again if still left out)
      reported.clear();
      known.remove(gone.topic());
      retired.put(gone.topic(), gone.tail().fingerprint());
      budget.remove(gone.topic());
    }
    Set<String> wanted = new TreeSet<>();
    for (String topic : listed) {
      if (!known.contains(topic) && !reported.contains(topic) && match.matches(topic, readable)) {
        wanted.add(topic);
      }
    }
    return wanted;
  }

  @Override
  public synchronized void offer(Set<String> listed, Map<String, TopicSnapshot> snapshots) {
    if (closed) {
      return;
    }
    boolean changed = false;
    for (String topic : wanted(listed)) {
      TopicSnapshot snapshot = snapshots.get(topic);
      Integer old = retired.get(topic);
      if (snapshot == null || (old != null && old == snapshot.fingerprint())) {
        continue; // gone again, or the listing still shows the incarnation that left
      }
      if (known.size() >= maxTopics) {
        skip(topic, "max-topics", "The stream already reads max-topics (" + maxTopics + ") topics");
      } else if (!budget.fits(snapshot)) {
        skip(topic, "max-id-length", "With this topic the stream's ids would exceed max-id-length");
      } else {
        budget.add(snapshot);
        known.add(topic);
        TopicPosition start =
            new TopicPosition(topic, snapshot.fingerprint(), snapshot.earliest().clone());
        Lane lane = new Lane(tails.acquire(snapshot), snapshot, start, meters.apply(topic));
        changes.add(new Change(lane, snapshot, null, null));
      }
      changed = true;
    }
    Runnable s = signal;
    if (changed && s != null) {
      s.run();
    }
  }

  private void skip(String topic, String reason, String detail) {
    reported.add(topic);
    changes.add(new Change(null, null, topic, reason + "\n" + detail));
  }

  /**
   * On the stream's event loop: adds the lanes of joined topics, each announced by its {@code
   * stream-info} (whose id names it), and removes the lanes of topics that left, each with its
   * {@code reset}; true when the lanes changed.
   */
  @Override
  public boolean apply(
      List<Lane> lanes, Runnable signal, BiConsumer<String, Map<String, Object>> out) {
    boolean changed = false;
    for (Iterator<Lane> it = lanes.iterator(); it.hasNext(); ) {
      Lane lane = it.next();
      if (lane.tail().retired() && owns(lane)) {
        it.remove();
        release(lane, signal);
        left.add(lane);
        boolean recreated = "topic recreated".equals(lane.tail().retiredBecause());
        out.accept(
            "reset",
            PatternBodies.left(
                lane.topic(),
                recreated ? "topic-recreated" : "topic-deleted",
                recreated
                    ? "The topic was deleted and created again; it joins again from its start"
                    : "The topic was deleted; the stream's other topics continue"));
        changed = true;
      }
    }
    for (Change change = changes.poll(); change != null; change = changes.poll()) {
      changed = true;
      if (change.lane() == null) {
        String[] why = change.reason().split("\n", 2);
        out.accept("topic-skipped", PatternBodies.skipped(change.skipped(), why[0], why[1]));
        continue;
      }
      Lane lane = change.lane();
      if (!join.test(lane)) {
        tails.release(lane.tail());
        left.add(lane);
        out.accept(
            "topic-skipped",
            PatternBodies.skipped(
                lane.topic(),
                "max-filters",
                "The topic has as many distinct filters or conflation groups as it may"));
        continue;
      }
      lane.tryJoin(new long[0]);
      lane.meters().opened();
      lanes.add(lane);
      lane.listen(signal);
      out.accept("stream-info", PatternBodies.joined(change.snapshot(), lane.position()));
    }
    return changed;
  }

  private void release(Lane lane, Runnable signal) {
    lane.unlisten(signal);
    lane.unselect();
    lane.meters().closed();
    tails.release(lane.tail());
  }

  /** The stream ended: no more joins; readers acquired for lanes it never took are given back. */
  @Override
  public void close() {
    directory.unregister(this);
    List<Lane> pending = new ArrayList<>();
    synchronized (this) {
      closed = true;
      for (Change change = changes.poll(); change != null; change = changes.poll()) {
        if (change.lane() != null) {
          pending.add(change.lane());
        }
      }
    }
    pending.forEach(lane -> tails.release(lane.tail()));
  }
}
