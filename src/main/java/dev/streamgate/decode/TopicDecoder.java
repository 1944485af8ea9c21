package dev.streamgate.decode;

/**
 * How one topic's keys and values are decoded: framed (the default with a registry), bare (one
 * configured schema, no framing), or off. A topic's reader calls it once per record, so the decoded
 * value is made once and shared by every stream of the pod.
 *
 * <p>Implementations never throw for any bytes: a failure is a {@link DecodeError}. Blocking while
 * a schema is fetched: call from the topic's reader thread.
 */
public interface TopicDecoder {

  /** Nothing decoded: every key and value served as without a registry. */
  TopicDecoder OFF =
      new TopicDecoder() {
        @Override
        public Decoding key(byte[] bytes) {
          return Decoding.AS_IS;
        }

        @Override
        public Decoding value(byte[] bytes) {
          return Decoding.AS_IS;
        }
      };

  Decoding key(byte[] bytes);

  Decoding value(byte[] bytes);
}
