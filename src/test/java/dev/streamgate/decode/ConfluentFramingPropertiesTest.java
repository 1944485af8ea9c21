package dev.streamgate.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ConfluentFramingPropertiesTest {

  /** Whatever the bytes: an id and a path, or a DecodeException; never anything else. */
  @Property(tries = 3000)
  void anyBytesGiveAPathOrATypedFailure(
      @ForAll @Size(max = 40) byte[] bytes, @ForAll @IntRange(min = 1, max = 64) int maxIndexes) {
    byte[] framed = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, framed, 1, bytes.length);
    try {
      int id = ConfluentFraming.schemaId(framed);
      ConfluentFraming.MessagePath path =
          ConfluentFraming.messageIndexes(framed, 5, maxIndexes, id);
      assertThat(id).isNotNegative();
      assertThat(path.indexes()).isNotEmpty().hasSizeLessThanOrEqualTo(maxIndexes);
      assertThat(java.util.Arrays.stream(path.indexes()).min().getAsInt()).isNotNegative();
      assertThat(path.payloadStart()).isBetween(6, framed.length);
    } catch (DecodeException e) {
      assertThat(e.reason()).isIn(DecodeReason.TRUNCATED_FRAMING, DecodeReason.BAD_FRAMING);
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  /** What Confluent's serializer frames, this parser reads back: id, indexes, payload start. */
  @Property(tries = 1000)
  void confluentFramingRoundTrips(
      @ForAll @IntRange(min = 0) int id,
      @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0) Integer> indexes,
      @ForAll @Size(max = 16) byte[] payload) {
    byte[] bytes = ConfluentFrames.protobuf(id, indexes, payload);
    assertThat(ConfluentFraming.schemaId(bytes)).isEqualTo(id);
    ConfluentFraming.MessagePath path = ConfluentFraming.messageIndexes(bytes, 5, 8, id);
    assertThat(path.indexes()).containsExactly(indexes.stream().mapToInt(i -> i).toArray());
    assertThat(bytes.length - path.payloadStart()).isEqualTo(payload.length);
  }
}
