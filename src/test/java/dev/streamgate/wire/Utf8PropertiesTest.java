package dev.streamgate.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class Utf8PropertiesTest {

  @Property
  void wellFormedTextRoundTrips(@ForAll String text) {
    String wellFormed = SseFramesPropertiesTest.replaceUnpairedSurrogates(text);

    assertThat(Utf8.decodeOrNull(wellFormed.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(wellFormed);
  }

  /**
   * Bytes are well-formed UTF-8 exactly when the JDK's lenient decode-then-encode gives them back
   * unchanged (a malformed sequence would come back as the bytes of U+FFFD).
   */
  @Property(tries = 3000)
  void nullExactlyForMalformedBytes(@ForAll("utf8ish") byte[] input) {
    byte[] roundTrip = new String(input, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    boolean wellFormed = Arrays.equals(roundTrip, input);

    String decoded = Utf8.decodeOrNull(input);

    if (wellFormed) {
      assertThat(decoded).isEqualTo(new String(input, StandardCharsets.UTF_8));
    } else {
      assertThat(decoded).isNull();
    }
  }

  /** Byte arrays made of lead and continuation bytes, so many are valid and many nearly so. */
  @Provide
  Arbitrary<byte[]> utf8ish() {
    Arbitrary<Byte> interesting =
        Arbitraries.of(
            (byte) 'a',
            (byte) 0x00,
            (byte) 0x7F,
            (byte) 0x80,
            (byte) 0x9F,
            (byte) 0xA0,
            (byte) 0xBF,
            (byte) 0xC0,
            (byte) 0xC2,
            (byte) 0xDF,
            (byte) 0xE0,
            (byte) 0xE2,
            (byte) 0xED,
            (byte) 0xEF,
            (byte) 0xF0,
            (byte) 0xF4,
            (byte) 0xF5,
            (byte) 0xFF);
    Arbitrary<Byte> any = Arbitraries.bytes();
    return Arbitraries.oneOf(interesting, any)
        .list()
        .ofMaxSize(12)
        .map(
            list -> {
              byte[] b = new byte[list.size()];
              for (int i = 0; i < b.length; i++) {
                b[i] = list.get(i);
              }
              return b;
            });
  }
}
