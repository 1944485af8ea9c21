package dev.streamgate.conflate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.conflate.LogModel.Rec;
import dev.streamgate.conflate.PodModel.Batch;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Conflation is exact in state terms for any drop and resume on any pod: random multi-partition
 * logs (keys, tombstones, records without a key, records the stream's filter rejects, offset
 * holes), random windows, random drop points, and each resume served by another pod with another
 * merged order and another grid of windows. Every session runs the streams' algorithm on the
 * production {@link Fold} and {@link ConflatedPosition}: a first batch folded from the client's id
 * up to at least the log end as of the resume (the head), cut in parts without a batch end when it
 * outgrows the bound; then the group's batches from the last one closed before that read, each
 * taken with the skip rule, several merged when the client was slow, rebuilt from the window when
 * the client's position does not reach a batch's start. After every batch end the client's map is
 * the fold of the log up to the batch's id, and records without a key arrive exactly once.
 */
class ConflationPropertiesTest {

  @Property(tries = 1500)
  void afterEveryBatchTheStateIsTheFoldOfTheLogUpToItsId(
      @ForAll @IntRange(min = 1, max = 4) int partitions,
      @ForAll @IntRange(min = 1, max = 6) int keysPerPartition,
      @ForAll @IntRange(min = 0, max = 120) int records,
      @ForAll @IntRange(min = 1, max = 12) int bound,
      @ForAll long seed) {
    Random random = new Random(seed);
    LogModel log = new LogModel(random, partitions, keysPerPartition, records);
    long[] end = log.end();
    ClientModel client = new ClientModel(log, new long[partitions]);
    long[] head = between(random, new long[partitions], end);
    for (int session = 0; session < 6; session++) {
      boolean last = session == 5;
      client.connect(last ? Integer.MAX_VALUE : 1 + random.nextInt(Math.max(1, 2 * records)));
      PodModel pod = new PodModel(log, random, bound);
      int served = new Session(pod, client, random, bound).run(client.lastId(), head);
      head = between(random, max(head, pod.prefixAt(served)), end);
    }
    Statistics.label("mid-batch drops").collect(client.midBatchDrops > 0);
    assertThat(client.markers).isPositive();
  }

  /** One connection of the client, served by one pod, as a conflated stream serves it. */
  private static final class Session {

    private final PodModel pod;
    private final ClientModel client;
    private final Random random;
    private final int bound;
    private int served;

    Session(PodModel pod, ClientModel client, Random random, int bound) {
      this.pod = pod;
      this.client = client;
      this.random = random;
      this.bound = bound;
    }

    /** Serves the client from {@code id}; returns how far the pod read for it (a seq). */
    int run(long[] id, long[] head) {
      ConflatedPosition position = new ConflatedPosition(id);
      int size = pod.order.size();
      int to = Math.min(size, pod.seqReaching(head) + random.nextInt(3));
      long taken = pod.latestClosedBy(random.nextInt(to + 1));
      fromWindow(position, to);
      int next = (int) taken + 1;
      while (client.connected() && next < pod.batches.size()) {
        Batch batch = pod.batches.get(next);
        if (!position.covers(batch.lo())) {
          int read = batch.endSeq() + random.nextInt(size - batch.endSeq() + 1);
          next =
              (int) pod.latestClosedBy(batch.endSeq() + random.nextInt(read - batch.endSeq() + 1))
                  + 1;
          fromWindow(position, read);
          continue;
        }
        int merged = 1 + random.nextInt(3);
        if (merged == 1) {
          send(batch.chosen(), position, batch.hi());
          served = Math.max(served, batch.endSeq());
          next++;
          continue;
        }
        Fold<Rec> pending = new Fold<>();
        long[] hi = batch.hi();
        for (int i = 0; i < merged && next < pod.batches.size(); i++) {
          Batch b = pod.batches.get(next++);
          pending.addAll(b.chosen());
          hi = b.hi();
          served = Math.max(served, b.endSeq());
          if (pending.over(bound, Long.MAX_VALUE)) {
            break;
          }
        }
        send(pending.drain(), position, hi);
      }
      return served;
    }

    /**
     * A batch folded from the window: every record of the pod's order before {@code to}, skipped
     * below the client's position, in parts when the fold outgrows the bound, then the batch's end.
     */
    private void fromWindow(ConflatedPosition position, int to) {
      long[] read = position.offsets();
      Fold<Rec> pending = new Fold<>();
      for (int seq = 0; seq < to; seq++) {
        Rec r = pod.order.get(seq);
        if (r.offset() < read[r.partition()]) {
          continue;
        }
        read[r.partition()] = r.offset() + 1;
        if (r.selected()) {
          pending.add(r.change(seq));
        }
        if (pending.over(bound, Long.MAX_VALUE)) {
          send(pending.drain(), position, null);
        }
      }
      send(pending.drain(), position, read);
      served = Math.max(served, to);
    }

    /** Sends a batch's records with the id rule; its end, when given, closes it. */
    private void send(List<Change<Rec>> chosen, ConflatedPosition position, long[] end) {
      for (Change<Rec> change : chosen) {
        if (position.take(change.partition(), change.offset())) {
          client.record(change.item(), position.offsets());
        }
      }
      if (end != null) {
        position.end(end);
        client.marker(position.offsets());
      }
    }
  }

  private static long[] max(long[] a, long[] b) {
    long[] m = a.clone();
    for (int p = 0; p < m.length; p++) {
      m[p] = Math.max(a[p], b[p]);
    }
    return m;
  }

  /** A position between {@code low} and {@code high} in every partition. */
  private static long[] between(Random random, long[] low, long[] high) {
    long[] at = new long[low.length];
    for (int p = 0; p < at.length; p++) {
      at[p] = low[p] + (long) (random.nextDouble() * (high[p] - low[p] + 1));
      at[p] = Math.min(at[p], high[p]);
    }
    return at;
  }
}
