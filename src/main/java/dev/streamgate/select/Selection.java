package dev.streamgate.select;

import dev.streamgate.decode.DecodedRecord;
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
  private final boolean claimed;

  /**
   * @param claimed whether the first filter is the caller's claim (its streams are not shown the
   *     raw bytes of records that could not be decoded)
   */
  Selection(
      List<CompiledFilter> filters,
      Projection projection,
      Evaluations evaluations,
      boolean claimed) {
    this.filters = List.copyOf(filters);
    this.projection = projection;
    this.evaluations = evaluations;
    this.claimed = claimed;
    StringBuilder text = new StringBuilder();
    for (CompiledFilter filter : filters) {
      text.append(text.length() == 0 ? "" : " && ").append('(').append(filter.text()).append(')');
    }
    if (projection != null) {
      text.append(" fields=").append(projection.text());
    }
    if (claimed) {
      text.append(" claimed");
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
    if (record.record() instanceof DecodedRecord undecodable && undecodable.failure() != null) {
      // No filter can see a value that could not be decoded: its decode-error passes every
      // selection (never skipped in silence), without its bytes for a caller held to a claim.
      return Optional.of(claimed ? undecodable.withoutRawBytes() : undecodable);
    }
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
    if (r instanceof DecodedRecord decoded) {
      return decoded.withValue(value);
    }
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
