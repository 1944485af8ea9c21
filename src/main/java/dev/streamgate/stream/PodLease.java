package dev.streamgate.stream;

import dev.streamgate.tail.CatchUpPool;
import dev.streamgate.tail.CatchUpReader;
import dev.streamgate.tail.TailRegistry;
import java.util.List;

/**
 * The lease the opener grants a stream over the pod's shared services: the lanes' topic readers
 * (acquired at open, released here), the client address's stream slot, the clock, the drain, the
 * meters and the stream's log line.
 */
final class PodLease implements StreamLease {

  /** The pod's shared services a lease draws on (one instance, held by the opener). */
  record Pod(
      CatchUpPool catchUpPool,
      TailRegistry tails,
      StreamSlots slots,
      StreamClock clock,
      StreamStats stats,
      StreamDrain drain) {}

  private final Pod pod;
  private final List<Lane> lanes;
  private final StreamLog log;
  private final String address;

  PodLease(Pod pod, List<Lane> lanes, StreamLog log, String address) {
    this.pod = pod;
    this.lanes = lanes;
    this.log = log;
    this.address = address;
  }

  @Override
  public void register(ClientStream stream) {
    pod.clock().register(stream);
    pod.stats().opened(lanes);
    log.opened();
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
  public void fellOutOfWindow() {
    pod.stats().fellOutOfWindow();
  }

  @Override
  public void release(ClientStream stream, CloseReason reason) {
    pod.clock().unregister(stream);
    lanes.forEach(
        lane -> {
          lane.unselect();
          pod.tails().release(lane.tail);
        });
    pod.slots().release(address);
    pod.stats().closed(reason, lanes, log.closed(reason, stream.events(), stream.bytes()));
  }
}
