package dev.streamgate.select;

import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a stream selects from its topics: the filters every record must pass (the caller's claim and
 * the request's {@code filter}, each compiled alone and all required, so no request text can reach
 * into the claim) and the {@code fields} projection. Streams with equal {@link #key()}s form one
 * group: a topic's reader evaluates the selection once per record for all of them.
 *
 * <p>Immutable and thread-safe.
 */
public final class Selection {

  private final String key;
  private final List<CompiledFilter> filters;
  private final Projection projection;
  private final Evaluations evaluations;

  Selection(List<CompiledFilter> filters, Projection projection, Evaluations evaluations) {
    this.filters = List.copyOf(filters);
    this.projection = projection;
    this.evaluations = evaluations;
    StringBuilder text = new StringBuilder();
    for (CompiledFilter filter : filters) {
      text.append(text.length() == 0 ? "" : " && ").append('(').append(filter.text()).append(')');
    }
    if (projection != null) {
      text.append(" fields=").append(projection.text());
    }
    this.key = text.toString();
  }

  /** The group key: the normalised filters ANDed, then the canonical fields. */
  public String key() {
    return key;
  }

  /** Whether it projects values (then its streams need frames of their own). */
  public boolean projects() {
    return projection != null;
  }

  /** The estimated cost per record of its filters together. */
  public long cost() {
    return filters.stream().mapToLong(CompiledFilter::cost).sum();
  }

  /**
   * Evaluates the selection on one record, counted once.
   *
   * @param shared whether the result is shared by the selection's group (a topic reader's), or for
   *     the calling stream only
   * @return empty when the record does not pass; else the record to frame: {@code record} itself,
   *     or a copy with the projected value
   */
  public Optional<ConsumerRecord<byte[], byte[]>> select(RecordVariables record, boolean shared) {
    evaluations.counted(shared);
    for (CompiledFilter filter : filters) {
      if (!filter.test(record, evaluations)) {
        return Optional.empty();
      }
    }
    if (projection == null) {
      return Optional.of(record.record());
    }
    byte[] projected = projection.apply(record.json());
    return Optional.of(projected == null ? record.record() : withValue(record.record(), projected));
  }

  private static ConsumerRecord<byte[], byte[]> withValue(
      ConsumerRecord<byte[], byte[]> r, byte[] value) {
    return new ConsumerRecord<>(
        r.topic(),
        r.partition(),
        r.offset(),
        r.timestamp(),
        r.timestampType(),
        r.serializedKeySize(),
        value.length,
        r.key(),
        value,
        r.headers(),
        r.leaderEpoch());
  }

  @Override
  public String toString() {
    return key;
  }
}
