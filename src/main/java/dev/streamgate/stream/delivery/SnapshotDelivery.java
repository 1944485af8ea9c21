package dev.streamgate.stream.delivery;

import dev.streamgate.select.RecordVariables;
import dev.streamgate.select.Selection;
import dev.streamgate.tail.KeyTableView;
import dev.streamgate.tail.KeyedRecord;
import dev.streamgate.wire.ControlBodies;
import dev.streamgate.wire.EventEncoder;
import dev.streamgate.wire.EventTypes;
import dev.streamgate.wire.SseEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The snapshot part of a {@code from=snapshot} stream, in front of its {@link RecordDelivery}: a
 * {@code snapshot} notice, then the latest record of every key of its topics' {@link KeyTableView}s
 * (as of P, the position its lanes start at) that passes the stream's filters, then the record
 * delivery's {@code caught-up} and live records from P. Exact together: each key's latest value
 * below P, then each record from P once.
 *
 * <p>Every event before {@code caught-up} carries the snapshot id of P ({@link
 * dev.streamgate.cursor.CursorCodec#encodeSnapshot}), heartbeats included (comments only), so a
 * client that drops during the snapshot reconnects into a complete new snapshot instead of resuming
 * a partial state. A record's body is built once per format on its {@link KeyedRecord} and shared
 * by every client; in SSE the id line is shared by the view's clients too, so an event costs no
 * copy. A projection ({@code fields}) or filter is evaluated here, for this stream.
 *
 * <p>Threads: the stream's event loop, like the delivery it wraps; the views are immutable.
 */
public final class SnapshotDelivery implements FrameSource {

  private final RecordDelivery live;
  private final List<KeyTableView> views;
  private final StreamSettings settings;
  private final String snapshotId;
  private final byte[] notice;
  private final byte[] idLine;
  private final int slot;
  private int view;
  private int next;
  private boolean sending = true;
  private boolean started;
  private int events;

  public SnapshotDelivery(
      RecordDelivery live,
      List<KeyTableView> views,
      StreamSettings settings,
      String snapshotId,
      byte[] notice) {
    this.live = live;
    this.views = views;
    this.settings = settings;
    this.snapshotId = snapshotId;
    this.notice = notice;
    this.idLine = ("id: " + snapshotId + "\n").getBytes(StandardCharsets.US_ASCII);
    this.slot = 2 * settings.format().ordinal();
  }

  @Override
  public void open(Runnable signal) {
    live.open(signal);
  }

  @Override
  public boolean fill(FrameBatch out) {
    if (!sending) {
      return live.fill(out);
    }
    if (!started) {
      out.add(notice);
      started = true;
    }
    while (out.size() < settings.maxBatchBytes() && view < views.size()) {
      List<KeyedRecord> records = views.get(view).records();
      if (next == records.size()) {
        view++;
        next = 0;
      } else {
        send(records.get(next++), out);
      }
    }
    // The caught-up notice comes in the same turn, before any live record.
    sending = view < views.size();
    return false;
  }

  private void send(KeyedRecord keyed, FrameBatch out) {
    ConsumerRecord<byte[], byte[]> record = keyed.record();
    String type = EventTypes.of(record.headers(), settings.typeHeader());
    if (!settings.filter().accepts(record, type)) {
      return;
    }
    EventEncoder encoder = settings.encoder();
    byte[] body;
    Selection selection = settings.filter().selection();
    if (selection != null) {
      Optional<ConsumerRecord<byte[], byte[]>> selected =
          selection.select(new RecordVariables(record, type), false);
      if (selected.isEmpty()) {
        return;
      }
      body =
          selected.get() == record
              ? keyed.frame(slot, k -> encoder.body(type, k.record()))
              : encoder.body(type, selected.get());
    } else {
      body = keyed.frame(slot, k -> encoder.body(type, k.record()));
    }
    events++;
    if (encoder instanceof SseEncoder) {
      out.add(idLine);
      out.add(body);
    } else {
      out.add(encoder.withId(snapshotId, body));
    }
  }

  @Override
  public void caughtUp(FrameBatch out) {
    if (!sending) {
      live.caughtUp(out);
    }
  }

  @Override
  public void tokenExpiring(FrameBatch out, long expiresAtMillis) {
    if (!sending) {
      live.tokenExpiring(out, expiresAtMillis);
      return;
    }
    out.add(
        settings
            .encoder()
            .control(
                "token-expiring",
                snapshotId,
                ControlBodies.tokenExpiring(expiresAtMillis, snapshotId)));
  }

  @Override
  public void revoked(FrameBatch out, String reason) {
    if (!sending) {
      live.revoked(out, reason);
      return;
    }
    out.add(
        settings
            .encoder()
            .control("revoked", snapshotId, ControlBodies.revoked(reason, snapshotId)));
  }

  @Override
  public List<StreamPartition> partitions() {
    return live.partitions();
  }

  @Override
  public void heartbeat(FrameBatch out) {
    if (!sending) {
      live.heartbeat(out);
    } else {
      // not the live position: a drop now must redo the snapshot
      out.add(settings.encoder().heartbeat(null));
    }
  }

  @Override
  public void finalId(FrameBatch out, long retryMillis) {
    if (!sending) {
      live.finalId(out, retryMillis);
    } else if (retryMillis >= 0) {
      // the client's last id is the snapshot id already: its reconnect gets a new snapshot
      out.add(settings.encoder().retry(retryMillis));
    }
  }

  @Override
  public boolean fellBehind() {
    return live.fellBehind();
  }

  @Override
  public void prefetch(boolean wanted) {
    live.prefetch(wanted);
  }

  @Override
  public int report() {
    int sent = events;
    events = 0;
    return sent + live.report();
  }

  @Override
  public void close() {
    live.close();
  }
}
