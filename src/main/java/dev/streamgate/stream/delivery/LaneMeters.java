package dev.streamgate.stream.delivery;

/**
 * The meters of one topic that its lanes count on: how many streams read it now and the record
 * events they deliver. Resolved once per topic by the pod (its stream meters implement this), so a
 * lane counts through plain fields and never looks a meter up per event.
 *
 * <p>Threads: any thread; implementations count atomically.
 */
public interface LaneMeters {

  /** A lane of this topic joined an open stream. */
  void opened();

  /** A lane of this topic left its stream, or the stream ended. */
  void closed();

  /** A lane of this topic reported {@code events} record events written to its client. */
  void delivered(int events);

  /**
   * A conflated lane of this topic merged {@code batches} of its group's batches into one (its
   * client had not taken them: a slow client).
   */
  void merged(int batches);

  /**
   * A conflated lane of this topic rebuilt a batch its group no longer kept: from the window, or
   * from Kafka when the window no longer held its position.
   */
  void rebuilt(boolean fromKafka);
}
