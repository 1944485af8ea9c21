package dev.streamgate.stream.open;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamgate.problem.ProblemException;
import dev.streamgate.wire.Format;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamRequestTest {

  private static StreamRequest parse(
      String topics, String header, String query, String since, String from, String accept) {
    return StreamRequest.parse(
        new StreamRequest.Raw(
            topics, header, query, since, from, null, List.of(), List.of(), null, null, accept,
            null),
        16);
  }

  @Test
  void duplicateTopicsCollapseInOrder() {
    assertThat(parse("b,a,b,a", null, null, null, null, null).topics()).containsExactly("b", "a");
    String same = String.join(",", Collections.nCopies(40, "t"));
    assertThat(parse(same, null, null, null, null, null).topics()).containsExactly("t");
  }

  @Test
  void headerIdWinsOverQueryIdAndBlankMeansAbsent() {
    assertThat(parse("t", "h", "q", null, null, null).lastEventId()).hasValue("h");
    assertThat(parse("t", " ", "q", null, null, null).lastEventId()).hasValue("q");
    assertThat(parse("t", null, "", null, null, null).lastEventId()).isEmpty();
  }

  @Test
  void sinceAcceptsIsoInstantsOffsetsAndEpochMillis() {
    assertThat(parse("t", null, null, "2026-01-01T00:00:00Z", null, null).sinceMillis())
        .hasValue(1_767_225_600_000L);
    assertThat(parse("t", null, null, "2026-01-01T01:00:00+01:00", null, null).sinceMillis())
        .hasValue(1_767_225_600_000L);
    assertThat(parse("t", null, null, "1767225600000", null, null).sinceMillis())
        .hasValue(1_767_225_600_000L);
    assertThatThrownBy(() -> parse("t", null, null, "99999999999999999999", null, null))
        .isInstanceOf(ProblemException.class);
  }

  @Test
  void acceptNdjsonSelectsNdjson() {
    assertThat(parse("t", null, null, null, null, "application/x-ndjson").format())
        .isEqualTo(Format.NDJSON);
    assertThat(parse("t", null, null, null, "earliest", "text/event-stream").fromEarliest())
        .isTrue();
  }

  @Test
  void conflateTakesAWindowFrom50msTo60sAndRefusesAnythingElse() {
    StreamRequest.Raw raw =
        new StreamRequest.Raw(
            "t", null, null, null, null, null, List.of(), List.of(), null, null, null, "250ms");
    assertThat(StreamRequest.parse(raw, 16).conflate())
        .hasValueSatisfying(w -> assertThat(w.millis()).isEqualTo(250));
    assertThat(parse("t", null, null, null, null, null).conflate()).isEmpty();
    for (String bad : List.of("10ms", "61s", "fast", "250")) {
      StreamRequest.Raw wrong =
          new StreamRequest.Raw(
              "t", null, null, null, null, null, List.of(), List.of(), null, null, null, bad);
      assertThatThrownBy(() -> StreamRequest.parse(wrong, 16))
          .isInstanceOf(ProblemException.class)
          .hasMessageContaining("50ms to 60s");
    }
  }

  @Test
  void tooManyTopicsIsRefused() {
    StringBuilder names = new StringBuilder("t0");
    for (int i = 1; i <= 16; i++) {
      names.append(",t").append(i);
    }
    assertThatThrownBy(() -> parse(names.toString(), null, null, null, null, null))
        .isInstanceOf(ProblemException.class)
        .hasMessageContaining("at most 16");
  }
}
