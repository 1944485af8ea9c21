package dev.streamgate.stream.open;

import dev.streamgate.conflate.ConflateWindow;
import dev.streamgate.problem.ProblemException;
import dev.streamgate.select.Selection;
import dev.streamgate.stream.delivery.ConflatedDelivery;
import dev.streamgate.stream.delivery.FrameSource;
import dev.streamgate.stream.delivery.Lane;
import dev.streamgate.stream.delivery.LaneChanges;
import dev.streamgate.stream.delivery.RecordDelivery;
import dev.streamgate.stream.delivery.RecordFilter;
import dev.streamgate.stream.delivery.StreamLease;
import dev.streamgate.stream.delivery.StreamSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What opening a conflated stream ({@code conflate=<window>}) adds to an open: its lanes join their
 * topics' conflation groups, like selection groups (and are refused with 503 past {@code
 * streamgate.conflate.max-per-topic}); a resume plans its start against Kafka; and the stream's
 * delivery is a {@link ConflatedDelivery}. The groups a lane joins are its {@link Open}'s to give
 * back until the stream holds them ({@link Lane#unselect} leaves both).
 */
final class ConflationOpen {

  private ConflationOpen() {}

  /**
   * Whether the start must be planned against Kafka rather than the running readers. A conflated
   * client that dropped inside a batch holds state no offset vector describes; its resume is exact
   * once its first batch reads on past the batch it was in, and the log end as of the resume is
   * past it on every pod. A running reader's position is not: it may lag the pod the client came
   * from.
   */
  static boolean needsKafkaHead(StreamRequest request) {
    return request.conflate().isPresent() && request.lastEventId().isPresent();
  }

  /**
   * Joins the lane to its groups on its topic's reader: the selection's, then, for a conflated
   * stream, the conflation's; a stream with a key filter that is not conflated is woken by the
   * reader by its keys ({@link Lane#wakeOn}).
   *
   * @param filter the stream's key and type filters and its selection
   * @param conflate the stream's window, if it is conflated
   * @return null when it joined; else the refusal (the lane has left both groups)
   */
  static ProblemException join(Lane lane, RecordFilter filter, Optional<ConflateWindow> conflate) {
    lane.wakeOn(filter.keys());
    Selection selection = filter.selection();
    if (selection != null && !lane.select(selection)) {
      return refused(lane, "Too many filters", "distinct filters");
    }
    if (conflate.isPresent() && !lane.conflate(conflate.get(), filter)) {
      lane.unselect();
      return refused(
          lane,
          "Too many conflation groups",
          "distinct conflated streams (window, filter, fields, key and type)");
    }
    return null;
  }

  private static ProblemException refused(Lane lane, String title, String what) {
    return new ProblemException(
        503,
        title,
        "Topic "
            + lane.topic()
            + " has as many "
            + what
            + " in use on this instance as it may serve; use one of theirs, or retry later",
        Map.of("Retry-After", "5"));
  }

  /**
   * The delivery: conflated batches, or every record.
   *
   * @param startId the id the client holds at open (a snapshot's id for a snapshot stream)
   * @param changes a pattern stream's joins and leaves, or null
   */
  static FrameSource delivery(
      boolean conflated,
      String startId,
      List<Lane> lanes,
      StreamSettings settings,
      StreamLease lease,
      LaneChanges changes) {
    return conflated
        ? new ConflatedDelivery(lanes, settings, lease, changes)
        : new RecordDelivery(startId, lanes, settings, lease, changes);
  }
}
