package dev.streamgate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.testing.SseParser.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

  // --- The examples from the spec's "event stream interpretation" section ---

  @Test
  void specExampleMultipleDataLinesAreJoinedWithLf() {
    String stream = "data: YHOO\ndata: +2\ndata: 10\n\n";

    assertThat(SseParser.parseAll(stream)).containsExactly(SseEvent.message("", "YHOO\n+2\n10"));
  }

  @Test
  void specExampleFourBlocks() {
    String stream =
        ": test stream\n"
            + "\n"
            + "data: first event\n"
            + "id: 1\n"
            + "\n"
            + "data:second event\n"
            + "id\n"
            + "\n"
            + "data:  third event\n"
            + "\n";

    SseParser parser = new SseParser();
    List<SseEvent> events = parser.feed(stream);

    assertThat(events)
        .containsExactly(
            SseEvent.message("1", "first event"),
            // "id" with no value resets the last event ID to the empty string.
            SseEvent.message("", "second event"),
            // Only one leading space is removed.
            SseEvent.message("", " third event"));
    assertThat(parser.comments()).containsExactly("test stream");
    assertThat(parser.lastEventId()).isEmpty();
  }

  @Test
  void specExampleLastBlockNeedsABlankLine() {
    // Same four blocks, but the stream ends without the final blank line.
    String stream =
        ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n";

    assertThat(SseParser.parseAll(stream))
        .containsExactly(
            SseEvent.message("1", "first event"), SseEvent.message("", "second event"));
  }

  @Test
  void specExampleEmptyDataAndSingleNewline() {
    // "The following stream fires two events": the first block fires an event with empty data,
    // the middle block one whose data is a single newline; the last block is discarded because it
    // is not followed by a blank line.
    String stream = "data\n\ndata\ndata\n\ndata:";

    assertThat(SseParser.parseAll(stream))
        .containsExactly(SseEvent.message("", ""), SseEvent.message("", "\n"));
  }

  @Test
  void specExampleSpaceAfterColonIsOptional() {
    String stream = "data:test\n\ndata: test\n\n";

    assertThat(SseParser.parseAll(stream))
        .containsExactly(SseEvent.message("", "test"), SseEvent.message("", "test"));
  }

  // --- The rest of the algorithm ---

  @Test
  void eventFieldSetsTypeForOneEventOnly() {
    String stream = "event: add\ndata: 1\n\ndata: 2\n\nevent:\ndata: 3\n\n";

    assertThat(SseParser.parseAll(stream))
        .containsExactly(
            new SseEvent("", "add", "1"), SseEvent.message("", "2"), SseEvent.message("", "3"));
  }

  @Test
  void typeIsResetEvenWhenNothingIsDispatched() {
    String stream = "event: add\n\ndata: x\n\n";

    assertThat(SseParser.parseAll(stream)).containsExactly(SseEvent.message("", "x"));
  }

  @Test
  void lastEventIdIsSetOnDispatchEvenWithoutData() {
    SseParser parser = new SseParser();

    assertThat(parser.feed("id: 7\n")).isEmpty();
    assertThat(parser.lastEventId()).as("not yet: the block is not finished").isEmpty();
    assertThat(parser.feed("\n")).isEmpty();
    assertThat(parser.lastEventId()).isEqualTo("7");
    // The buffer is not reset: later events without an id keep it.
    assertThat(parser.feed("data: a\n\n")).containsExactly(SseEvent.message("7", "a"));
  }

  @Test
  void idContainingNulIsIgnored() {
    SseParser parser = new SseParser();

    assertThat(parser.feed("id: 1\n\nid: 2\0x\ndata: a\n\n"))
        .containsExactly(SseEvent.message("1", "a"));
    assertThat(parser.lastEventId()).isEqualTo("1");
  }

  @Test
  void nulInDataIsKept() {
    assertThat(SseParser.parseAll("data: a\0b\n\n")).containsExactly(SseEvent.message("", "a\0b"));
  }

  @Test
  void retryAcceptsOnlyAsciiDigits() {
    SseParser parser = new SseParser();

    parser.feed("retry: 1500\n\n");
    assertThat(parser.retry()).isEqualTo(1500L);
    parser.feed("retry: 15x\n\nretry: -1\n\nretry: 1.5\n\nretry:\n\nretry:  20\n\n");
    assertThat(parser.retry()).isEqualTo(1500L);
    parser.feed("retry:0\n\n");
    assertThat(parser.retry()).isZero();
  }

  @Test
  void unknownFieldsAndCaseVariantsAreIgnored() {
    String stream = "Data: no\nfoo: bar\ndata : no\nDATA\ndata: yes\n\n";

    assertThat(SseParser.parseAll(stream)).containsExactly(SseEvent.message("", "yes"));
  }

  @Test
  void valueIsEverythingAfterTheFirstColon() {
    assertThat(SseParser.parseAll("data:a:b: c\n\nevent: x:y\ndata\n\n"))
        .containsExactly(SseEvent.message("", "a:b: c"), new SseEvent("", "x:y", ""));
  }

  @Test
  void commentsAreRecordedAndIgnored() {
    SseParser parser = new SseParser();

    assertThat(parser.feed(": ping\n\n:\n:no-space\ndata: x\n: inside\n\n"))
        .containsExactly(SseEvent.message("", "x"));
    assertThat(parser.comments()).containsExactly("ping", "", "no-space", "inside");
  }

  @Test
  void linesMayEndInCrLfOrCrlf() {
    String stream = "data: a\rdata: b\ndata: c\r\n\r\ndata: d\r\rdata: e\n\n";

    assertThat(SseParser.parseAll(stream))
        .containsExactly(
            SseEvent.message("", "a\nb\nc"), SseEvent.message("", "d"), SseEvent.message("", "e"));
  }

  @Test
  void lfCrIsTwoLineEndings() {
    // LF then CR is not a single line ending: it ends the line and then an empty line.
    assertThat(SseParser.parseAll("data: a\n\rdata: b\n\n"))
        .containsExactly(SseEvent.message("", "a"), SseEvent.message("", "b"));
  }

  @Test
  void crlfSplitAcrossChunksIsOneLineEnding() {
    SseParser parser = new SseParser();

    assertThat(parser.feed("data: a\r")).isEmpty();
    assertThat(parser.feed("\ndata: b\r")).isEmpty();
    // If the LF were a second line ending, this would dispatch "a\nb" now.
    assertThat(parser.feed("\n")).isEmpty();
    assertThat(parser.feed("\r")).containsExactly(SseEvent.message("", "a\nb"));
    assertThat(parser.feed("\n")).isEmpty();
    assertThat(parser.feed("data: c\n\n")).containsExactly(SseEvent.message("", "c"));
  }

  @Test
  void crAtEndOfChunkEndsTheLineImmediately() {
    SseParser parser = new SseParser();

    assertThat(parser.feed("data: a\r")).isEmpty();
    assertThat(parser.feed("\r")).containsExactly(SseEvent.message("", "a"));
  }

  @Test
  void oneLeadingBomIsIgnored() {
    assertThat(SseParser.parseAll("\uFEFFdata: a\n\n")).containsExactly(SseEvent.message("", "a"));
    // Only one: a second BOM is part of the first line's field name, so that line is ignored.
    assertThat(SseParser.parseAll("\uFEFF\uFEFFdata: a\n\ndata: b\n\n"))
        .containsExactly(SseEvent.message("", "b"));
    // Only at the very start of the stream.
    assertThat(SseParser.parseAll("data: a\n\n\uFEFFdata: b\n\n"))
        .containsExactly(SseEvent.message("", "a"));
  }

  @Test
  void bomInItsOwnChunkIsIgnored() {
    SseParser parser = new SseParser();

    parser.feed("");
    parser.feed("\uFEFF");
    assertThat(parser.feed("data: a\n\n")).containsExactly(SseEvent.message("", "a"));
  }

  @Test
  void unterminatedEventIsNeverDispatched() {
    SseParser parser = new SseParser();

    assertThat(parser.feed("id: 1\ndata: a\n")).isEmpty();
    assertThat(parser.events()).isEmpty();
    assertThat(parser.lastEventId()).isEmpty();
  }

  @Test
  void everySplitOfTheStreamGivesTheSameEvents() {
    String stream =
        "\uFEFF: hi\r\n\r\nid: 1\rdata: a\r\n\r\nevent: t\ndata:\ndata: b\r\rretry: 10\n\n"
            + "id\r\ndata: \u00e9\ud83d\ude00\n\nid: x\0\n\n: bye\r";
    List<SseEvent> expected =
        List.of(
            SseEvent.message("1", "a"), new SseEvent("1", "t", "\nb"), SseEvent.message("", "é😀"));
    assertThat(SseParser.parseAll(stream)).isEqualTo(expected);

    for (int i = 0; i <= stream.length(); i++) {
      for (int j = i; j <= stream.length(); j++) {
        SseParser parser = new SseParser();
        List<SseEvent> events = new ArrayList<>();
        events.addAll(parser.feed(stream.substring(0, i)));
        events.addAll(parser.feed(stream.substring(i, j)));
        events.addAll(parser.feed(stream.substring(j)));

        assertThat(events).as("split at %d and %d", i, j).isEqualTo(expected);
        assertThat(parser.events()).isEqualTo(expected);
        assertThat(parser.retry()).isEqualTo(10L);
        assertThat(parser.comments()).containsExactly("hi", "bye");
        assertThat(parser.lastEventId()).isEmpty();
      }
    }
  }

  @Test
  void oneCharacterAtATime() {
    String stream = "data: a\r\n\r\ndata: b\r\rdata: c\n\n";
    SseParser parser = new SseParser();
    List<SseEvent> events = new ArrayList<>();
    for (int i = 0; i < stream.length(); i++) {
      events.addAll(parser.feed(String.valueOf(stream.charAt(i))));
    }

    assertThat(events)
        .containsExactly(
            SseEvent.message("", "a"), SseEvent.message("", "b"), SseEvent.message("", "c"));
  }

  @Test
  void bytesMaySplitMultiByteCharacters() {
    byte[] bytes = "\uFEFFdata: \u00e9\u20ac\ud83d\ude00\r\n\r\n".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i <= bytes.length; i++) {
      SseParser parser = new SseParser();
      List<SseEvent> events = new ArrayList<>();
      events.addAll(parser.feed(Arrays.copyOfRange(bytes, 0, i)));
      events.addAll(parser.feed(Arrays.copyOfRange(bytes, i, bytes.length)));

      assertThat(events).as("split at byte %d", i).containsExactly(SseEvent.message("", "é€😀"));
    }
  }

  @Test
  void malformedBytesBecomeReplacementCharacters() {
    byte[] bytes = {'d', 'a', 't', 'a', ':', (byte) 0xFF, 'x', '\n', '\n'};

    assertThat(SseParser.parseAll(bytes)).containsExactly(SseEvent.message("", "\uFFFDx"));
  }
}
