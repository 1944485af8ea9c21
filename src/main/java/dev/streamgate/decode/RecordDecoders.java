package dev.streamgate.decode;

/**
 * The pod's {@link RecordDecoder} of each topic, one shared schema cache behind them all (the
 * registry package implements it from {@code streamgate.schema-registry.*}).
 */
@FunctionalInterface
public interface RecordDecoders {

  /** No decoding on any topic: every record served as read. */
  RecordDecoders OFF = topic -> RecordDecoder.OFF;

  /** The decoder of a topic's records; the same one for every reader of the topic. */
  RecordDecoder forTopic(String topic);
}
