package dev.streamgate.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ConfluentFramingTest {

  @Test
  void readsTheSchemaIdBigEndian() {
    byte[] bytes = ConfluentFrames.framed(0x01020304, new byte[] {9});
    assertThat(ConfluentFraming.isFramed(bytes)).isTrue();
    assertThat(ConfluentFraming.schemaId(bytes)).isEqualTo(0x01020304);
  }

  @Test
  void bytesWithoutTheMagicByteAreNotFramed() {
    assertThat(ConfluentFraming.isFramed(null)).isFalse();
    assertThat(ConfluentFraming.isFramed(new byte[0])).isFalse();
    assertThat(ConfluentFraming.isFramed("{\"a\":1}".getBytes())).isFalse();
    assertThatThrownBy(() -> ConfluentFraming.schemaId(new byte[] {1, 0, 0, 0, 1}))
        .isInstanceOf(DecodeException.class)
        .extracting(e -> ((DecodeException) e).reason())
        .isEqualTo(DecodeReason.BAD_FRAMING);
  }

  @Test
  void aShortHeaderIsTruncatedFraming() {
    for (int length = 1; length < 5; length++) {
      byte[] bytes = new byte[length];
      assertThatThrownBy(() -> ConfluentFraming.schemaId(bytes))
          .isInstanceOf(DecodeException.class)
          .extracting(e -> ((DecodeException) e).reason())
          .isEqualTo(DecodeReason.TRUNCATED_FRAMING);
    }
  }

  @Test
  void aNegativeIdIsBadFraming() {
    assertThat(reason(() -> ConfluentFraming.schemaId(new byte[] {0, (byte) 0x80, 0, 0, 1})))
        .isEqualTo(DecodeReason.BAD_FRAMING);
  }

  @Test
  void theFirstMessageShortcutIsASingleZero() {
    byte[] bytes = ConfluentFrames.protobuf(7, List.of(0), new byte[] {8, 1});
    assertThat(bytes).hasSize(5 + 1 + 2);
    ConfluentFraming.MessagePath path = ConfluentFraming.messageIndexes(bytes, 5, 64, 7);
    assertThat(path.indexes()).containsExactly(0);
    assertThat(path.payloadStart()).isEqualTo(6);
  }

  @Test
  void nestedAndLaterMessagesHaveTheirPath() {
    byte[] bytes = ConfluentFrames.protobuf(7, List.of(2, 0, 300), new byte[] {8, 1});
    ConfluentFraming.MessagePath path = ConfluentFraming.messageIndexes(bytes, 5, 64, 7);
    assertThat(path.indexes()).containsExactly(2, 0, 300);
    assertThat(bytes.length - path.payloadStart()).isEqualTo(2);
  }

  @Test
  void everyBrokenIndexIsATypedFailure() {
    // the bytes end before the count, inside an index, or before the announced indexes
    assertThat(reason(() -> ConfluentFraming.messageIndexes(new byte[] {0, 0, 0, 0, 1}, 5, 64, 1)))
        .isEqualTo(DecodeReason.TRUNCATED_FRAMING);
    assertThat(reason(() -> index(new byte[] {4, (byte) 0x80})))
        .isEqualTo(DecodeReason.TRUNCATED_FRAMING);
    assertThat(reason(() -> index(new byte[] {6, 2}))).isEqualTo(DecodeReason.TRUNCATED_FRAMING);
    // a negative count (zig-zag 1 is -1), a negative index, a count above the bound
    assertThat(reason(() -> index(new byte[] {1}))).isEqualTo(DecodeReason.BAD_FRAMING);
    assertThat(reason(() -> index(new byte[] {2, 1}))).isEqualTo(DecodeReason.BAD_FRAMING);
    assertThat(reason(() -> index(new byte[] {(byte) 0x82, 1})))
        .isEqualTo(DecodeReason.BAD_FRAMING);
    // a varint over 32 bits, and one that never ends
    assertThat(
            reason(
                () -> index(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x1f})))
        .isEqualTo(DecodeReason.BAD_FRAMING);
    assertThat(
            reason(
                () ->
                    index(
                        new byte[] {
                          (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1
                        })))
        .isEqualTo(DecodeReason.BAD_FRAMING);
  }

  @Test
  void theIndexCountIsCheckedBeforeAnythingIsAllocated() {
    // 2^30 indexes announced in 5 bytes: refused by the bound, not by an allocation
    byte[] huge = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
    assertThat(reason(() -> ConfluentFraming.messageIndexes(prefix(huge), 5, Integer.MAX_VALUE, 1)))
        .isEqualTo(DecodeReason.TRUNCATED_FRAMING);
  }

  private static ConfluentFraming.MessagePath index(byte[] afterId) {
    return ConfluentFraming.messageIndexes(prefix(afterId), 5, 8, 1);
  }

  private static byte[] prefix(byte[] afterId) {
    byte[] bytes = new byte[5 + afterId.length];
    bytes[4] = 1;
    System.arraycopy(afterId, 0, bytes, 5, afterId.length);
    return bytes;
  }

  static DecodeReason reason(Runnable action) {
    try {
      action.run();
    } catch (DecodeException e) {
      return e.reason();
    }
    throw new AssertionError("no DecodeException");
  }

  private static DecodeReason reason(Supplier<?> action) {
    return reason((Runnable) action::get);
  }
}
