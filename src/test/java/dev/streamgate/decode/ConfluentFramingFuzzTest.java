package dev.streamgate.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the framing parser: any bytes give an id and a message path within the
 * bounds, or a {@link DecodeException} of a framing reason; nothing else is ever thrown. Regression
 * mode replays {@code ConfluentFramingFuzzTestInputs}; see docs/security.md.
 */
class ConfluentFramingFuzzTest {

  @FuzzTest(maxDuration = "4m")
  void anyBytesGiveAPathOrAFramingFailure(byte[] input) {
    if (!ConfluentFraming.isFramed(input)) {
      return;
    }
    try {
      int id = ConfluentFraming.schemaId(input);
      ConfluentFraming.MessagePath path = ConfluentFraming.messageIndexes(input, 5, 64, id);
      assertThat(id).isNotNegative();
      assertThat(path.indexes().length).isBetween(1, 64);
      for (int index : path.indexes()) {
        assertThat(index).isNotNegative();
      }
      assertThat(path.payloadStart()).isBetween(6, input.length);
    } catch (DecodeException e) {
      assertThat(e.reason()).isIn(DecodeReason.TRUNCATED_FRAMING, DecodeReason.BAD_FRAMING);
    }
  }
}
