package dev.streamgate.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamgate.testing.SseParser;
import dev.streamgate.testing.SseParser.SseEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseFramesTest {

  private static String text(byte[] frame) {
    return new String(frame, StandardCharsets.UTF_8);
  }

  private static SseParser parse(byte[]... frames) {
    SseParser parser = new SseParser();
    for (byte[] frame : frames) {
      parser.feed(frame);
    }
    return parser;
  }

  @Test
  void simpleEvent() {
    byte[] frame = SseFrames.event("0-42", "record", "hello");

    assertThat(text(frame)).isEqualTo("id: 0-42\nevent: record\ndata: hello\n\n");
    assertThat(SseParser.parseAll(frame)).containsExactly(new SseEvent("0-42", "record", "hello"));
  }

  @Test
  void idAndTypeAreOptional() {
    assertThat(text(SseFrames.event(null, null, "x"))).isEqualTo("data: x\n\n");
    assertThat(text(SseFrames.event("1", null, "x"))).isEqualTo("id: 1\ndata: x\n\n");
    assertThat(text(SseFrames.event(null, "t", "x"))).isEqualTo("event: t\ndata: x\n\n");
  }

  @Test
  void emptyIdResetsLastEventId() {
    SseParser parser = parse(SseFrames.event("5", null, "a"), SseFrames.event("", null, "b"));

    assertThat(parser.events())
        .containsExactly(SseEvent.message("5", "a"), SseEvent.message("", "b"));
    assertThat(text(SseFrames.event("", null, "b"))).isEqualTo("id: \ndata: b\n\n");
  }

  @Test
  void emptyDataIsOneDataLineAndStillAnEvent() {
    byte[] frame = SseFrames.event("1", null, "");

    assertThat(text(frame)).isEqualTo("id: 1\ndata: \n\n");
    assertThat(SseParser.parseAll(frame)).containsExactly(SseEvent.message("1", ""));
  }

  @Test
  void everyLineBreakKindStartsANewDataLine() {
    byte[] frame = SseFrames.event(null, null, "a\r\nb\rc\nd");

    assertThat(text(frame)).isEqualTo("data: a\ndata: b\ndata: c\ndata: d\n\n");
    assertThat(SseParser.parseAll(frame)).containsExactly(SseEvent.message("", "a\nb\nc\nd"));
  }

  @Test
  void lfCrIsTwoLineBreaks() {
    assertThat(text(SseFrames.event(null, null, "a\n\rb")))
        .isEqualTo("data: a\ndata: \ndata: b\n\n");
  }

  @Test
  void blankLinesInDataDoNotEndTheEvent() {
    byte[] frame = SseFrames.event("9", "t", "\n\nid: 666\n\r\ndata: evil\r\n\r\n");

    assertThat(SseParser.parseAll(frame))
        .containsExactly(new SseEvent("9", "t", "\n\nid: 666\n\ndata: evil\n\n"));
  }

  @Test
  void loneCrAtEndOfData() {
    byte[] frame = SseFrames.event(null, null, "abc\r");

    assertThat(text(frame)).isEqualTo("data: abc\ndata: \n\n");
    assertThat(SseParser.parseAll(frame)).containsExactly(SseEvent.message("", "abc\n"));
  }

  @Test
  void lineBreaksAtTheStart() {
    assertThat(SseParser.parseAll(SseFrames.event(null, null, "\r\n\rx")))
        .containsExactly(SseEvent.message("", "\n\nx"));
  }

  @Test
  void loneCrFollowedByNextFrameDoesNotMergeWithIt() {
    // The data's CR is written as LF, so the parser never sees CR + LF across the frame boundary.
    SseParser parser = parse(SseFrames.event(null, null, "a\r"), SseFrames.event(null, null, "b"));

    assertThat(parser.events())
        .containsExactly(SseEvent.message("", "a\n"), SseEvent.message("", "b"));
  }

  @Test
  void nulInsideDataIsKept() {
    byte[] frame = SseFrames.event("1", null, "a\0b\0");

    assertThat(SseParser.parseAll(frame)).containsExactly(SseEvent.message("1", "a\0b\0"));
  }

  @Test
  void leadingSpacesColonsAndFieldLookalikesSurvive() {
    String data = "  two spaces\n:not a comment\nid: 3\nevent: x\nretry: 1\n data: y";
    SseParser parser = parse(SseFrames.event("1", null, data));

    assertThat(parser.events())
        .containsExactly(
            SseEvent.message(
                "1", "  two spaces\n:not a comment\nid: 3\nevent: x\nretry: 1\n data: y"));
    assertThat(parser.comments()).isEmpty();
    assertThat(parser.retry()).isNull();
    assertThat(parser.lastEventId()).isEqualTo("1");
  }

  @Test
  void idWithLeadingSpaceSurvives() {
    assertThat(SseParser.parseAll(SseFrames.event(" 7", null, "x")))
        .containsExactly(SseEvent.message(" 7", "x"));
  }

  @Test
  void unicodeIsUtf8() {
    String data = "é € 😀 \u0800 \uFFFF \uFEFF 中文";
    byte[] frame = SseFrames.event("ü-😀", null, data);

    assertThat(frame)
        .isEqualTo(("id: ü-😀\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
    assertThat(SseParser.parseAll(frame)).containsExactly(SseEvent.message("ü-😀", data));
  }

  @Test
  void unpairedSurrogatesInDataBecomeReplacementCharacters() {
    byte[] frame = SseFrames.event(null, null, "a\uD83Db\uDE00c\uDE00\uD83D");

    assertThat(Utf8.decodeOrNull(frame)).isNotNull();
    assertThat(SseParser.parseAll(frame))
        .containsExactly(SseEvent.message("", "a\uFFFDb\uFFFDc\uFFFD\uFFFD"));
  }

  @Test
  void acceptsAnyCharSequence() {
    StringBuilder data = new StringBuilder("x\r\ny");

    assertThat(text(SseFrames.event(null, null, data))).isEqualTo("data: x\ndata: y\n\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\nb", "a\rb", "\r\n", "a\0b", "\0", "\n", "\uD83D", "x\uDE00"})
  void unsafeIdsAreRejected(String id) {
    assertThat(SseFrames.isSafeId(id)).isFalse();
    assertThatThrownBy(() -> SseFrames.event(id, null, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SseFrames.idOnly(id)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "0-42", "a:b", "😀", "id: x", ":"})
  void safeIds(String id) {
    assertThat(SseFrames.isSafeId(id)).isTrue();
    assertThat(SseParser.parseAll(SseFrames.event(id, null, "x")))
        .containsExactly(SseEvent.message(id, "x"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", " ", "a b", "a\nb", "a\r", "a\0", "é", "a;b", "a,b", "tab\t", "😀", "a=b"})
  void unsafeTypesAreRejected(String type) {
    assertThat(SseFrames.isSafeType(type)).isFalse();
    assertThatThrownBy(() -> SseFrames.event("1", type, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void typeLengthIsLimited() {
    assertThat(SseFrames.isSafeType("a".repeat(128))).isTrue();
    assertThat(SseFrames.isSafeType("a".repeat(129))).isFalse();
    assertThat(SseFrames.isSafeType(null)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"message", "record", "a", "A-Z_a.z:0/9+x", "kafka.record/v1"})
  void safeTypes(String type) {
    assertThat(SseFrames.isSafeType(type)).isTrue();
    assertThat(SseParser.parseAll(SseFrames.event(null, type, "x")))
        .containsExactly(new SseEvent("", type, "x"));
  }

  @Test
  void nullDataIsRejected() {
    assertThatThrownBy(() -> SseFrames.event(null, null, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void idOnlyMovesLastEventIdWithoutDispatching() {
    byte[] frame = SseFrames.idOnly("0-99");

    assertThat(text(frame)).isEqualTo("id: 0-99\n\n");
    SseParser parser = parse(SseFrames.event("0-1", null, "a"), frame);
    assertThat(parser.events()).containsExactly(SseEvent.message("0-1", "a"));
    assertThat(parser.lastEventId()).isEqualTo("0-99");
    // Later events without an id carry it.
    assertThat(parser.feed(SseFrames.event(null, null, "b")))
        .containsExactly(SseEvent.message("0-99", "b"));
  }

  @Test
  void commentIsAHeartbeatThatDispatchesNothing() {
    byte[] frame = SseFrames.comment("ping");

    assertThat(text(frame)).isEqualTo(": ping\n\n");
    SseParser parser = parse(SseFrames.event("1", null, "a"), frame, SseFrames.comment(""));
    assertThat(parser.events()).containsExactly(SseEvent.message("1", "a"));
    assertThat(parser.comments()).containsExactly("ping", "");
    assertThat(parser.lastEventId()).isEqualTo("1");
  }

  @Test
  void commentKeepsUnicode() {
    SseParser parser = parse(SseFrames.comment("\uDB43\uDC00 😀 é \uD83D"));

    assertThat(parser.comments()).containsExactly("\uDB43\uDC00 😀 é \uFFFD");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\nb", "a\r", "\r\n", "\n"})
  void commentWithLineBreakIsRejected(String text) {
    assertThatThrownBy(() -> SseFrames.comment(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retrySetsReconnectionTimeAndDispatchesNothing() {
    byte[] frame = SseFrames.retry(2500);

    assertThat(text(frame)).isEqualTo("retry: 2500\n\n");
    SseParser parser = parse(frame);
    assertThat(parser.retry()).isEqualTo(2500L);
    assertThat(parser.events()).isEmpty();
    assertThat(text(SseFrames.retry(0))).isEqualTo("retry: 0\n\n");
    assertThat(parse(SseFrames.retry(Long.MAX_VALUE)).retry()).isEqualTo(Long.MAX_VALUE);
    assertThatThrownBy(() -> SseFrames.retry(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEventCarriesTheReconnectionTimeInsideItself() {
    byte[] frame = SseFrames.eventWithRetry("c1", "stream-info", 3417, "{\"topics\":[]}");

    assertThat(text(frame))
        .isEqualTo("id: c1\nevent: stream-info\nretry: 3417\ndata: {\"topics\":[]}\n\n");
    SseParser parser = parse(frame);
    assertThat(parser.retry()).isEqualTo(3417L);
    assertThat(parser.events())
        .containsExactly(new SseEvent("c1", "stream-info", "{\"topics\":[]}"));
    assertThat(text(SseFrames.eventWithRetry(null, null, 0, "x")))
        .isEqualTo("retry: 0\ndata: x\n\n");
    assertThatThrownBy(() -> SseFrames.eventWithRetry("c1", "t", -1, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
