package dev.streamgate.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Utf8Test {

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  @Test
  void asciiRoundTrips() {
    assertThat(Utf8.decodeOrNull("hello {\"a\":1}\r\n\0".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("hello {\"a\":1}\r\n\0");
    assertThat(Utf8.decodeOrNull(new byte[0])).isEmpty();
  }

  @Test
  void multiByteTextRoundTrips() {
    String text = "é ß € 中文 😀 \u0080 \u07FF \u0800 \uFFFF \uD800\uDC00 \uDBFF\uDFFF \uFEFF";

    assertThat(Utf8.decodeOrNull(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
  }

  @Test
  void encodedReplacementCharacterIsValid() {
    assertThat(Utf8.decodeOrNull(bytes(0xEF, 0xBF, 0xBD))).isEqualTo("\uFFFD");
  }

  static List<byte[]> invalid() {
    return List.of(
        bytes(0xC0, 0x80), // overlong NUL
        bytes(0xC1, 0xBF), // overlong
        bytes(0xE0, 0x80, 0x80), // overlong 3-byte
        bytes(0xF0, 0x80, 0x80, 0x80), // overlong 4-byte
        bytes(0xFF), // never valid
        bytes('a', 0xFE, 'b'),
        bytes(0x80), // lone continuation byte
        bytes('a', 0xBF),
        bytes(0xE2, 0x82), // truncated euro sign
        bytes(0xC3), // truncated 2-byte
        bytes(0xF0, 0x9F, 0x98), // truncated emoji
        bytes(0xE2, 0x82, 'x'), // interrupted
        bytes(0xED, 0xA0, 0x80), // encoded high surrogate U+D800
        bytes(0xED, 0xBF, 0xBF), // encoded low surrogate U+DFFF
        bytes(0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80), // CESU-8 style surrogate pair
        bytes(0xF4, 0x90, 0x80, 0x80), // above U+10FFFF
        bytes(0xF5, 0x80, 0x80, 0x80));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void invalidSequencesGiveNull(byte[] input) {
    assertThat(Utf8.decodeOrNull(input)).isNull();
  }

  @Test
  void invalidAfterLongAsciiPrefixGivesNull() {
    byte[] input = Arrays.copyOf("x".repeat(10_000).getBytes(StandardCharsets.US_ASCII), 10_001);
    input[10_000] = (byte) 0xC0;

    assertThat(Utf8.decodeOrNull(input)).isNull();
  }

  @Test
  void nullIsRejected() {
    assertThatThrownBy(() -> Utf8.decodeOrNull(null)).isInstanceOf(NullPointerException.class);
  }
}
