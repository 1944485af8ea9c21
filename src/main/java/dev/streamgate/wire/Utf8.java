package dev.streamgate.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding of Kafka record values and header values. */
public final class Utf8 {

  private Utf8() {}

  /**
   * Decodes {@code bytes} as UTF-8, or returns {@code null} when they are not well-formed UTF-8:
   * overlong forms, encoded surrogates (U+D800..U+DFFF), code points above U+10FFFF, stray
   * continuation bytes, bytes 0xC0, 0xC1 and 0xF5..0xFF, and truncated sequences all give {@code
   * null}. A leading byte order mark is kept as U+FEFF.
   *
   * @param bytes the bytes to decode; must not be {@code null} (a Kafka tombstone has no value and
   *     must be handled before decoding)
   * @throws NullPointerException when bytes is null
   */
  public static String decodeOrNull(byte[] bytes) {
    if (isAscii(bytes)) {
      return new String(bytes, StandardCharsets.US_ASCII);
    }
    // A CharsetDecoder is stateful and not thread-safe, so each call gets a fresh one.
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      return decoder.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }
}
