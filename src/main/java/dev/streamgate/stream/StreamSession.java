package dev.streamgate.stream;

import dev.streamgate.cursor.Cursor;
import dev.streamgate.cursor.CursorCodec;
import dev.streamgate.cursor.TopicPosition;
import dev.streamgate.tail.StreamFeed;
import dev.streamgate.tail.TopicSnapshot;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * One connection's position and framing. Every record moves the cursor, whether or not it passes
 * the filters, so the id a client holds always means "everything before this was considered".
 */
final class StreamSession implements StreamFeed {

  private final StartPlan plan;
  private final Map<String, TopicSnapshot> snapshots;
  private final EventEncoder encoder;
  private final CursorCodec codec;
  private final RecordFilter filter;
  private final String typeHeader;
  private final long retryMillis;
  private Cursor cursor;
  private String lastSentId;
  private boolean caughtUp;

  StreamSession(
      StartPlan plan,
      Map<String, TopicSnapshot> snapshots,
      EventEncoder encoder,
      CursorCodec codec,
      RecordFilter filter,
      String typeHeader,
      long retryMillis) {
    this.plan = plan;
    this.snapshots = snapshots;
    this.encoder = encoder;
    this.codec = codec;
    this.filter = filter;
    this.typeHeader = typeHeader;
    this.retryMillis = retryMillis;
    this.cursor = plan.start();
  }

  @Override
  public Map<TopicPartition, Long> startOffsets() {
    Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
    for (TopicPosition position : plan.start().topics()) {
      for (int p = 0; p < position.partitions(); p++) {
        offsets.put(new TopicPartition(position.topic(), p), position.nextOffset(p));
      }
    }
    return offsets;
  }

  @Override
  public byte[] opening() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(encoder.open(retryMillis));
    String id = currentId();
    out.writeBytes(encoder.control("stream-info", id, ControlBodies.streamInfo(plan, snapshots)));
    for (StartPlan.Reset reset : plan.resets()) {
      out.writeBytes(encoder.control("reset", id, ControlBodies.reset(reset, plan)));
    }
    if (!plan.gaps().isEmpty()) {
      out.writeBytes(encoder.control("gap", id, ControlBodies.gap(plan.gaps())));
    }
    lastSentId = id;
    out.writeBytes(
        caughtUpIfReached(
            tp -> plan.start().topic(tp.topic()).orElseThrow().nextOffset(tp.partition())));
    return out.toByteArray();
  }

  @Override
  public byte[] records(
      ConsumerRecords<byte[], byte[]> records, ToLongFunction<TopicPartition> position) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      cursor = cursor.afterRecord(record.topic(), record.partition(), record.offset());
      String type = EventTypes.of(record.headers(), typeHeader);
      if (filter.accepts(record.key(), type)) {
        String id = codec.encode(cursor);
        out.writeBytes(encoder.record(id, type, record));
        lastSentId = id;
      }
    }
    out.writeBytes(caughtUpIfReached(position));
    return out.toByteArray();
  }

  @Override
  public byte[] retentionGap(TopicPartition partition, long requested, long resumedAt) {
    TopicPosition position = cursor.topic(partition.topic()).orElseThrow();
    List<TopicPosition> topics = new ArrayList<>(cursor.topics());
    topics.replaceAll(
        t ->
            t.topic().equals(partition.topic())
                ? position.withNextOffset(partition.partition(), resumedAt)
                : t);
    cursor = Cursor.of(topics);
    String id = currentId();
    lastSentId = id;
    StartPlan.Gap gap =
        new StartPlan.Gap(partition.topic(), partition.partition(), requested, resumedAt);
    return encoder.control("gap", id, ControlBodies.gap(List.of(gap)));
  }

  @Override
  public byte[] idle() {
    String id = currentId();
    if (id.equals(lastSentId)) {
      return encoder.heartbeat(null);
    }
    lastSentId = id;
    return encoder.heartbeat(id);
  }

  private byte[] caughtUpIfReached(ToLongFunction<TopicPartition> position) {
    if (caughtUp) {
      return new byte[0];
    }
    for (TopicSnapshot topic : snapshots.values()) {
      for (int p = 0; p < topic.partitions(); p++) {
        if (position.applyAsLong(new TopicPartition(topic.topic(), p)) < topic.latest()[p]) {
          return new byte[0];
        }
      }
    }
    caughtUp = true;
    String id = currentId();
    lastSentId = id;
    return encoder.control("caught-up", id, ControlBodies.caughtUp(cursor));
  }

  private String currentId() {
    return codec.encode(cursor);
  }
}
