package dev.streamgate.stream.pod;

import dev.streamgate.stream.delivery.CloseReason;
import dev.streamgate.stream.delivery.Lane;
import dev.streamgate.stream.delivery.RunningStream;
import dev.streamgate.stream.delivery.StreamLease;
import dev.streamgate.stream.delivery.WriteBudget;
import dev.streamgate.stream.loop.StreamClock;
import dev.streamgate.tail.CatchUpPool;
import dev.streamgate.tail.CatchUpReader;
import dev.streamgate.tail.TailRegistry;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The lease the opener grants a stream over the pod's shared services: the lanes' topic readers and
 * their selection groups, and the client address's stream slot (all taken by the open, handed over
 * here once the stream exists, released here when it ends), the clock, the drain, the meters, the
 * pod's list of open streams, its write budget and the stream's log line.
 */
public final class PodLease implements StreamLease {

  /** The pod's shared services a lease draws on (one bean, which the opener takes). */
  @Singleton
  public record Pod(
      CatchUpPool catchUpPool,
      TailRegistry tails,
      StreamSlots slots,
      StreamClock clock,
      StreamStats stats,
      StreamDrain drain,
      OpenStreams streams,
      PodWrites writes) {}

  private final Pod pod;
  private final List<Lane> lanes;
  private final StreamLog log;
  private final StreamTag tag;
  private String id;

  public PodLease(Pod pod, List<Lane> lanes, StreamLog log, StreamTag tag) {
    this.pod = pod;
    this.lanes = lanes;
    this.log = log;
    this.tag = tag;
  }

  @Override
  public void register(RunningStream stream) {
    id = pod.streams().register(tag, stream);
    pod.clock().register(stream);
    pod.stats().opened(lanes);
    log.opened(id);
    if (pod.drain().draining()) {
      stream.handOver(pod.drain().retryMillis());
    }
  }

  @Override
  public CatchUpReader newCatchUpReader(Runnable onBatch) {
    return pod.catchUpPool().newReader(onBatch);
  }

  @Override
  public void written(int bytes) {
    pod.stats().written(bytes);
  }

  @Override
  public WriteBudget writes() {
    return pod.writes().budget();
  }

  @Override
  public void fellOutOfWindow() {
    pod.stats().fellOutOfWindow();
  }

  @Override
  public void release(RunningStream stream, CloseReason reason) {
    pod.streams().unregister(id);
    pod.clock().unregister(stream);
    lanes.forEach(
        lane -> {
          lane.unselect();
          pod.tails().release(lane.tail());
        });
    pod.slots().release(tag.address());
    pod.stats().closed(reason, lanes, log.closed(reason, stream.events(), stream.bytes()));
  }
}
