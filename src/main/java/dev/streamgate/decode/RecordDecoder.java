package dev.streamgate.decode;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes one topic's records as they are read: each key and value through the topic's {@link
 * TopicDecoder}, and the record as it is served ({@link DecodedRecord#of}). Called once per record
 * by whoever reads it from Kafka for the pod: the topic's reader (the window and the key table
 * share the result), a snapshot build, a catch-up reader.
 *
 * <p>Threads: any (stateless); blocking while a schema is fetched, so only on a thread that reads
 * Kafka, never an event loop. Never throws for any bytes.
 */
public final class RecordDecoder {

  /** Told of each record that could not be decoded (a meter, a log line). */
  @FunctionalInterface
  public interface Failures {
    void failed(DecodedRecord record);
  }

  /** Decodes nothing: every record is served as it was read. */
  public static final RecordDecoder OFF = new RecordDecoder(TopicDecoder.OFF, record -> {});

  private final TopicDecoder decoder;
  private final Failures failures;

  public RecordDecoder(TopicDecoder decoder, Failures failures) {
    this.decoder = decoder;
    this.failures = failures;
  }

  /** Whether this decoder may change a record (false: every record is served as read). */
  public boolean decodes() {
    return decoder != TopicDecoder.OFF;
  }

  /** The record as every stream serves it: {@code raw} itself, or a {@link DecodedRecord}. */
  public ConsumerRecord<byte[], byte[]> serve(ConsumerRecord<byte[], byte[]> raw) {
    if (!decodes()) {
      return raw;
    }
    ConsumerRecord<byte[], byte[]> served =
        DecodedRecord.of(raw, decoder.key(raw.key()), decoder.value(raw.value()));
    if (served instanceof DecodedRecord decoded && decoded.failure() != null) {
      failures.failed(decoded);
    }
    return served;
  }
}
