package dev.streamgate.cursor;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Coverage-guided fuzzing of the id decoder. In {@code ./mvnw verify} this replays the committed
 * corpus ({@code src/test/resources/dev/streamgate/cursor/CursorCodecFuzzTestInputs}); with {@code
 * JAZZER_FUZZ=1} it searches for new inputs (see docs/security.md).
 */
class CursorCodecFuzzTest {

  private static final CursorCodec CODEC = new CursorCodec(8192);

  /**
   * Any id a client can send, and any binary payload behind the version character: decoding never
   * throws, and an id that decodes is the one canonical id of its cursor.
   */
  @FuzzTest(maxDuration = "4m")
  void decodeNeverThrowsAndValidIdsAreCanonical(byte[] input) {
    check(new String(input, StandardCharsets.UTF_8));
    check(new String(input, StandardCharsets.ISO_8859_1));
    check("1" + Base64.getUrlEncoder().withoutPadding().encodeToString(input));
    check("s" + Base64.getUrlEncoder().withoutPadding().encodeToString(input));
  }

  private static void check(String id) {
    CursorDecoding decoding = CODEC.decode(id);
    if (decoding instanceof CursorDecoding.Valid valid) {
      assertThat(CODEC.encode(valid.cursor())).isEqualTo(id);
      assertThat(CODEC.decode(CODEC.encode(valid.cursor()))).isEqualTo(decoding);
    } else if (decoding instanceof CursorDecoding.InSnapshot snapshot) {
      assertThat(CODEC.encodeSnapshot(snapshot.cursor())).isEqualTo(id);
      assertThat(CODEC.decode("1" + id.substring(1)))
          .isEqualTo(new CursorDecoding.Valid(snapshot.cursor()));
    } else {
      assertThat(((CursorDecoding.Invalid) decoding).reason())
          .isNotBlank()
          .doesNotContain(id.length() > 2 ? id : "\u0000");
    }
  }
}
