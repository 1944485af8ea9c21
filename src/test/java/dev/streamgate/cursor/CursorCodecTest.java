package dev.streamgate.cursor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CursorCodecTest {

  private final CursorCodec codec = new CursorCodec(4096);

  // ---------------------------------------------------------------- wire format examples

  @Test
  void encodesTheDocumentedWireFormat() {
    // 1 topic; name length 1, "a"; fingerprint 0; 1 partition; delta 0.
    assertThat(codec.encode(cursor(position("a", 0, 0)))).isEqualTo("1AQFhAAAAAAEA");
    // 1 topic; "prices"; fingerprint 1a2b3c4d; 2 partitions; deltas +12 (zig-zag 24), -5 (9).
    assertThat(codec.encode(cursor(position("prices", 0x1a2b3c4d, 12, 7))))
        .isEqualTo("1AQZwcmljZXMaKzxNAhgJ");
  }

  @Test
  void decodesTheDocumentedWireFormat() {
    assertThat(codec.decode("1AQZwcmljZXMaKzxNAhgJ"))
        .isEqualTo(new CursorDecoding.Valid(cursor(position("prices", 0x1a2b3c4d, 12, 7))));
  }

  @Test
  void snapshotIdsAreTheSamePayloadAfterAnS() {
    Cursor cursor = cursor(position("prices", 0x1a2b3c4d, 12, 7));
    assertThat(codec.encodeSnapshot(cursor)).isEqualTo("sAQZwcmljZXMaKzxNAhgJ");
    assertThat(codec.decode("sAQZwcmljZXMaKzxNAhgJ"))
        .isEqualTo(new CursorDecoding.InSnapshot(cursor));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "s",
        "sAQZwcmljZXMaKzxNAhgJ=",
        "sAQZwcmljZXMaKzxNAhg!",
        "sAQZwcmljZXMaKzxNAhg",
        "SAQZwcmljZXMaKzxNAhgJ",
        "2AQZwcmljZXMaKzxNAhgJ",
        "sAQZwcmljZXMaKzxNAhgJAA",
        "ss"
      })
  void snapshotIdsAreParsedAsStrictlyAsOthers(String id) {
    assertThat(codec.decode(id)).isInstanceOf(CursorDecoding.Invalid.class);
  }

  @Test
  void snapshotIdsObeyTheLengthCap() {
    CursorCodec small = new CursorCodec(20);
    Cursor wide = cursor(position("prices", 1, 1_000_000, 2_000_000));
    assertThatThrownBy(() -> small.encodeSnapshot(wide))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(small.decode("s" + "A".repeat(20)))
        .isEqualTo(new CursorDecoding.Invalid("too long"));
  }

  @Test
  void roundTripsOneTopicOnePartitionAtZero() {
    assertRoundTrip(cursor(position("t", 0, 0)));
  }

  @Test
  void roundTripsOffsetsNearLongMaxValue() {
    assertRoundTrip(
        cursor(
            position(
                "big",
                -1,
                Long.MAX_VALUE,
                0,
                Long.MAX_VALUE,
                Long.MAX_VALUE - 1,
                1,
                Long.MAX_VALUE / 2)));
  }

  @Test
  void roundTripsSeveralTopics() {
    assertRoundTrip(
        cursor(
            position("prices", 0x7fffffff, 1_000_000, 1_000_017, 999_950),
            position("orders.eu-west_1", Integer.MIN_VALUE, 0, 0, 0, 0, 0, 0, 0, 0),
            position("x".repeat(249), 42, 5)));
  }

  @Test
  void roundTripsManyPartitions() {
    long[] offsets = new long[1000];
    for (int p = 0; p < offsets.length; p++) {
      offsets[p] = (p * 7919L) % 10_000;
    }
    assertRoundTrip(Cursor.of(List.of(new TopicPosition("wide", 3, offsets))));
  }

  @Test
  void encodedIdsUseOnlyUrlSafeCharacters() {
    String id = codec.encode(cursor(position("prices", -123456789, 1L << 62, 3, 1L << 40)));
    assertThat(id).matches("1[A-Za-z0-9_-]*");
  }

  // ---------------------------------------------------------------- rejections: the string

  @Test
  void rejectsNullAndEmpty() {
    assertInvalid(null, "empty");
    assertInvalid("", "empty");
  }

  @Test
  void rejectsIdsOverTheLengthLimitWithoutDecoding() {
    assertInvalid("1" + "A".repeat(100 * 1024), "too long");
    assertInvalid("\0".repeat(100 * 1024), "too long");
  }

  @Test
  void acceptsAnIdOfExactlyTheLimit() {
    String id = codec.encode(cursor(position("prices", 1, 1, 2, 3)));
    CursorCodec exact = new CursorCodec(id.length());
    assertThat(exact.decode(id)).isInstanceOf(CursorDecoding.Valid.class);
    assertThat(new CursorCodec(id.length() - 1).decode(id))
        .isEqualTo(new CursorDecoding.Invalid("too long"));
  }

  @Test
  void rejectsUnknownVersions() {
    String valid = codec.encode(cursor(position("a", 0, 0)));
    assertInvalid("2" + valid.substring(1), "unsupported version");
    assertInvalid("0" + valid.substring(1), "unsupported version");
    assertInvalid(valid.substring(1), "unsupported version");
    assertInvalid("\0", "unsupported version");
    assertInvalid("é1AQFhAAAAAAEA", "unsupported version");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1AQFh\0AAAAAEA",
        "1AQFhAAAAAAEA\r",
        "1AQFhAAAAAAEA\n",
        "1AQFhAAAA\r\nAAEA",
        "1AQFhAAAAAAE+",
        "1AQFhAAAAAAE/",
        "1AQFhAAA AAAEA",
        "1AQFhAAAAAAEé",
        "1AQFhAAAAAAE\uD83D\uDE00",
        "1AQFhAAAAAAE\u00ff",
        "1AQFhAAAAAAE\u0100",
        "1AQFhAAAAAAE.",
      })
  void rejectsCharactersOutsideTheBase64UrlAlphabet(String id) {
    assertInvalid(id, "not base64url");
  }

  @Test
  void rejectsBinaryGarbage() {
    char[] all = new char[256];
    for (int c = 0; c < all.length; c++) {
      all[c] = (char) c;
    }
    assertInvalid("1" + new String(all), "not base64url");
    assertThat(codec.decode(new String(all))).isInstanceOf(CursorDecoding.Invalid.class);
  }

  @Test
  void rejectsPadding() {
    // 13 bytes need padding "=" in padded base64; both padded forms are refused.
    String valid = codec.encode(cursor(position("ab", 0, 0))); // 10 bytes -> 14 chars
    assertThat(codec.decode(valid)).isInstanceOf(CursorDecoding.Valid.class);
    assertInvalid(valid + "==", "not base64url");
    assertInvalid(valid + "=", "not base64url");
  }

  @Test
  void rejectsImpossibleBase64Lengths() {
    // After the version character, 4n + 1 characters cannot be base64 of anything.
    assertInvalid("1A", "not base64url");
    assertInvalid("1AQFhA", "not base64url");
  }

  @Test
  void rejectsNonZeroUnusedBitsInTheLastCharacter() {
    String twoTail = codec.encode(cursor(position("ab", 0, 0))); // 10 bytes: 4 unused bits
    assertThat(twoTail).endsWith("A");
    assertInvalid(twoTail.substring(0, twoTail.length() - 1) + "B", "non-canonical base64");
    assertInvalid(twoTail.substring(0, twoTail.length() - 1) + "P", "non-canonical base64");
    String threeTail = codec.encode(cursor(position("abc", 0, 0))); // 11 bytes: 2 unused bits
    assertThat(threeTail).endsWith("A");
    assertInvalid(threeTail.substring(0, threeTail.length() - 1) + "B", "non-canonical base64");
    assertInvalid(threeTail.substring(0, threeTail.length() - 1) + "D", "non-canonical base64");
    // "E" sets a used bit instead: canonical base64, but then the bytes are wrong.
    assertThat(codec.decode(threeTail.substring(0, threeTail.length() - 1) + "E"))
        .isNotEqualTo(new CursorDecoding.Invalid("non-canonical base64"));
  }

  // ---------------------------------------------------------------- rejections: the bytes

  @Test
  void rejectsAnIdWithNoBytes() {
    assertInvalid("1", "truncated");
  }

  @Test
  void rejectsEveryTruncation() {
    byte[] full =
        payload(
            codec.encode(
                cursor(position("prices", 0x01020304, 300, 1L << 50), position("q", 9, 7))));
    for (int length = 0; length < full.length; length++) {
      byte[] cut = Arrays.copyOf(full, length);
      assertThat(codec.decode(id(cut)))
          .as("first %d of %d bytes", length, full.length)
          .isEqualTo(new CursorDecoding.Invalid("truncated"));
    }
  }

  @Test
  void rejectsTrailingBytes() {
    byte[] full = payload(codec.encode(cursor(position("a", 0, 0))));
    for (int extra : new int[] {0, 1, 0x80, 0xff}) {
      byte[] longer = Arrays.copyOf(full, full.length + 1);
      longer[full.length] = (byte) extra;
      assertThat(codec.decode(id(longer))).isEqualTo(new CursorDecoding.Invalid("trailing bytes"));
    }
  }

  @Test
  void rejectsNegativeOffsets() {
    // First partition: delta -1 from 0.
    assertInvalid(bytes(w -> topic(w, "a", 1).writeSignedVarint(-1)), "negative offset");
    // Second partition: 5 then delta -6.
    assertInvalid(
        bytes(
            w -> {
              topic(w, "a", 2).writeSignedVarint(5);
              w.writeSignedVarint(-6);
            }),
        "negative offset");
    // Long.MIN_VALUE as a delta.
    assertInvalid(
        bytes(w -> topic(w, "a", 1).writeSignedVarint(Long.MIN_VALUE)), "negative offset");
  }

  @Test
  void rejectsOffsetsBeyondLongMaxValue() {
    assertInvalid(
        bytes(
            w -> {
              topic(w, "a", 2).writeSignedVarint(Long.MAX_VALUE);
              w.writeSignedVarint(1);
            }),
        "offset out of range");
  }

  @Test
  void rejectsOverlongVarints() {
    // Topic count 1 spelled 0x81 0x00 instead of 0x01.
    assertInvalid(id(0x81, 0x00), "overlong varint");
    // Zero spelled 0x80 0x00.
    assertInvalid(id(0x80, 0x00), "overlong varint");
    // A ten-byte zero.
    assertInvalid(
        id(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00), "overlong varint");
    // Partition offset 0 spelled 0x80 0x00, after a valid header.
    ByteWriter w = new ByteWriter();
    topic(w, "a", 1);
    w.writeByte(0x80);
    w.writeByte(0x00);
    assertInvalid(id(w), "overlong varint");
  }

  @Test
  void rejectsVarintsOver64Bits() {
    // Ten bytes whose last carries bits beyond the 64th.
    assertInvalid(
        id(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02), "varint over 64 bits");
    // Eleven bytes.
    assertInvalid(
        id(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x81, 0x01),
        "varint over 64 bits");
    // The largest legal varint (2^64 - 1) is accepted as a varint; here it is a zig-zag delta of
    // Long.MIN_VALUE, so the id fails later, for another reason.
    ByteWriter w = new ByteWriter();
    topic(w, "a", 1);
    w.writeVarint(-1L);
    assertInvalid(id(w), "negative offset");
  }

  @Test
  void rejectsTopicCountsOutsideTheCaps() {
    assertInvalid(id(0x00), "no topics");
    assertInvalid(bytes(w -> w.writeVarint(257)), "too many topics");
    assertInvalid(bytes(w -> w.writeVarint(-1L)), "too many topics");
    assertInvalid(bytes(w -> w.writeVarint(Long.MAX_VALUE)), "too many topics");
  }

  @Test
  void acceptsTheMaximumTopicCount() {
    List<TopicPosition> topics = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      topics.add(new TopicPosition("t" + i, i, new long[] {i}));
    }
    assertRoundTrip(Cursor.of(topics));
  }

  @Test
  void rejectsPartitionCountsOutsideTheCaps() {
    assertInvalid(bytes(w -> header(w, "a").writeVarint(0)), "no partitions");
    assertInvalid(bytes(w -> header(w, "a").writeVarint(100_001)), "too many partitions");
    assertInvalid(bytes(w -> header(w, "a").writeVarint(-1L)), "too many partitions");
    // A plausible count whose offsets are missing is refused before allocating for them.
    assertInvalid(bytes(w -> header(w, "a").writeVarint(100_000)), "truncated");
  }

  @Test
  void acceptsTheMaximumPartitionCount() {
    assertRoundTrip(Cursor.of(List.of(new TopicPosition("wide", 0, new long[100_000]))));
  }

  @Test
  void encodeRefusesWhatDecodeWouldRefuse() {
    assertThatThrownBy(
            () -> codec.encode(Cursor.of(List.of(new TopicPosition("w", 0, new long[100_001])))))
        .isInstanceOf(IllegalArgumentException.class);
    List<TopicPosition> topics = new ArrayList<>();
    for (int i = 0; i < 257; i++) {
      topics.add(new TopicPosition("t" + i, i, new long[] {i}));
    }
    assertThatThrownBy(() -> new CursorCodec(1 << 20).encode(Cursor.of(topics)))
        .isInstanceOf(IllegalArgumentException.class);
    Cursor c = cursor(position("prices", 1, 1, 2, 3));
    int length = codec.encode(c).length();
    assertThat(new CursorCodec(length).encode(c)).hasSize(length);
    assertThatThrownBy(() -> new CursorCodec(length - 1).encode(c))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit");
  }

  @Test
  void rejectsBadNameLengths() {
    assertInvalid(bytes(w -> w.writeByte(1).writeVarint(0)), "bad topic name");
    assertInvalid(
        bytes(
            w -> {
              w.writeVarint(1);
              w.writeVarint(250);
              w.writeAscii("a".repeat(250));
            }),
        "bad topic name");
    // A name longer than what is left.
    assertInvalid(bytes(w -> w.writeByte(1).writeVarint(10).writeAscii("abc")), "truncated");
  }

  @ParameterizedTest
  @ValueSource(strings = {".", "..", "a b", "a/b", "a:b", "é", "a\0", "a\n", "\u007f"})
  void rejectsIllegalNames(String name) {
    assertInvalid(
        bytes(
            w -> {
              w.writeVarint(1);
              byte[] raw = name.getBytes(StandardCharsets.UTF_8);
              w.writeVarint(raw.length);
              for (byte b : raw) {
                w.writeByte(b);
              }
              w.writeInt(0);
              w.writeVarint(1);
              w.writeVarint(0);
            }),
        "bad topic name");
  }

  @Test
  void acceptsNamesThatMerelyContainDots() {
    assertRoundTrip(cursor(position("...", 0, 1)));
    assertRoundTrip(cursor(position(".a", 0, 1)));
  }

  @Test
  void rejectsDuplicateTopics() {
    assertInvalid(
        bytes(
            w -> {
              w.writeVarint(2);
              entry(w, "same", 1).writeVarint(0);
              entry(w, "same", 1).writeVarint(0);
            }),
        "duplicate topic");
  }

  @Test
  void rejectsNonPositiveOrNonsenseLimits() {
    assertThatThrownBy(() -> new CursorCodec(1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CursorCodec(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CursorCodec(-5)).isInstanceOf(IllegalArgumentException.class);
  }

  // ---------------------------------------------------------------- helpers

  private void assertRoundTrip(Cursor cursor) {
    CursorCodec big = new CursorCodec(1 << 22);
    String id = big.encode(cursor);
    assertThat(id).matches("1[A-Za-z0-9_-]*");
    assertThat(big.decode(id)).isEqualTo(new CursorDecoding.Valid(cursor));
  }

  private void assertInvalid(String id, String reason) {
    assertThat(codec.decode(id)).isEqualTo(new CursorDecoding.Invalid(reason));
  }

  static TopicPosition position(String topic, int fingerprint, long... offsets) {
    return new TopicPosition(topic, fingerprint, offsets);
  }

  static Cursor cursor(TopicPosition... positions) {
    return Cursor.of(List.of(positions));
  }

  private static byte[] payload(String id) {
    return Base64.getUrlDecoder().decode(id.substring(1));
  }

  private static String id(byte[] payload) {
    return "1" + Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
  }

  private static String id(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return id(b);
  }

  private static String id(ByteWriter w) {
    return id(Arrays.copyOf(w.bytes(), w.length()));
  }

  private static String bytes(Consumer<ByteWriter> body) {
    ByteWriter w = new ByteWriter();
    body.accept(w);
    return id(w);
  }

  /** One topic up to (excluding) its partition count. */
  private static ByteWriter header(ByteWriter w, String name) {
    w.writeVarint(1);
    w.writeVarint(name.length());
    w.writeAscii(name);
    w.writeInt(0);
    return w;
  }

  /** One topic up to (excluding) its offsets. */
  private static ByteWriter topic(ByteWriter w, String name, int partitions) {
    header(w, name).writeVarint(partitions);
    return w;
  }

  /** A topic entry without the topic count, for multi-topic payloads. */
  private static ByteWriter entry(ByteWriter w, String name, int partitions) {
    w.writeVarint(name.length());
    w.writeAscii(name);
    w.writeInt(0);
    w.writeVarint(partitions);
    return w;
  }
}
