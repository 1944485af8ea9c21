package dev.streamgate.tail;

import java.util.List;

/**
 * A topic's key table as of a position: the latest record of every key among the records below
 * {@code position}, which is where a snapshot client's live records start. Immutable, so every
 * client that opens within {@link SnapshotBuilds#viewReuseNanos()} of another reads the same view
 * (and the same frames) on its own event loop, with no lock.
 *
 * @param topic the topic
 * @param fingerprint its incarnation
 * @param position P: per partition, the next offset after the records the view folds
 * @param records the latest record of every key, tombstoned and keyless records excluded
 */
public record KeyTableView(
    String topic, int fingerprint, long[] position, List<KeyedRecord> records) {

  public KeyTableView {
    position = position.clone();
    records = List.copyOf(records);
  }

  @Override
  public long[] position() {
    return position.clone();
  }
}
