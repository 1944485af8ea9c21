package dev.streamgate.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamgate.testing.SseParser;
import dev.streamgate.testing.SseParser.SseEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/**
 * Framing is unbreakable: whatever the data, one {@link SseFrames#event} frame is exactly one event
 * for a spec-conformant parser, with the given id and type.
 */
class SseFramesPropertiesTest {

  private static final Pattern SAFE_TYPE = Pattern.compile("[A-Za-z0-9._:/+-]{1,128}");

  /** Fragments that stress the framing: line breaks, NUL, field look-alikes, BOM, surrogates. */
  private static final List<String> NASTY =
      List.of(
          "\r",
          "\n",
          "\r\n",
          "\n\r",
          "\r\r",
          "\n\n",
          "\0",
          ":",
          " ",
          "  ",
          "data:",
          "data: ",
          "id:",
          "id: 1",
          "event:",
          "event: x",
          "retry: 1",
          ": comment",
          "\uFEFF",
          "\u00e9",
          "\u20ac",
          "\ud83d\ude00",
          "\ud83d",
          "\ude00",
          "\u2028",
          "\u0085",
          "\uFFFD",
          "a",
          "xyz");

  // --- Generators ---

  @Provide
  Arbitrary<String> data() {
    return Arbitraries.oneOf(
        nasty(),
        Arbitraries.strings().all().ofMaxLength(40),
        Arbitraries.strings().ofMaxLength(40));
  }

  private static Arbitrary<String> nasty() {
    Arbitrary<String> piece =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.of(NASTY)),
            Tuple.of(2, Arbitraries.strings().all().ofMaxLength(4)),
            Tuple.of(2, Arbitraries.strings().alpha().numeric().ofMaxLength(4)));
    return piece.list().ofMaxSize(30).map(pieces -> String.join("", pieces));
  }

  /** Safe ids, sometimes {@code null} (no id line). */
  @Provide
  Arbitrary<String> ids() {
    return data()
        .map(s -> s.replace("\r", "").replace("\n", "").replace("\0", ""))
        .filter(SseFrames::isSafeId)
        .injectNull(0.2);
  }

  /** Safe types, sometimes {@code null} (no event line). */
  @Provide
  Arbitrary<String> types() {
    Arbitrary<String> safe =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withCharRange('A', 'Z')
            .withCharRange('0', '9')
            .withChars("._:/+-")
            .ofMinLength(1)
            .ofMaxLength(128);
    return Arbitraries.oneOf(safe, Arbitraries.of("message", "record", "data", "id", ":"))
        .injectNull(0.2);
  }

  sealed interface Frame {
    byte[] bytes();
  }

  /** An event, with a {@code retry:} line when {@code retry} is not null. */
  record EventFrame(String id, String type, String data, Long retry) implements Frame {
    public byte[] bytes() {
      return retry == null
          ? SseFrames.event(id, type, data)
          : SseFrames.eventWithRetry(id, type, retry, data);
    }
  }

  record IdOnlyFrame(String id) implements Frame {
    public byte[] bytes() {
      return SseFrames.idOnly(id);
    }
  }

  record CommentFrame(String text) implements Frame {
    public byte[] bytes() {
      return SseFrames.comment(text);
    }
  }

  record RetryFrame(long millis) implements Frame {
    public byte[] bytes() {
      return SseFrames.retry(millis);
    }
  }

  @Provide
  Arbitrary<List<Frame>> frames() {
    Arbitrary<Long> retries = Arbitraries.longs().between(0, Long.MAX_VALUE).injectNull(0.7);
    Arbitrary<Frame> event =
        Combinators.combine(ids(), types(), data(), retries)
            .as(EventFrame::new)
            .map(Frame.class::cast);
    Arbitrary<Frame> idOnly =
        ids().filter(id -> id != null).map(IdOnlyFrame::new).map(Frame.class::cast);
    Arbitrary<Frame> comment =
        data()
            .map(s -> s.replace("\r", "").replace("\n", ""))
            .map(CommentFrame::new)
            .map(Frame.class::cast);
    Arbitrary<Frame> retry =
        Arbitraries.longs().between(0, Long.MAX_VALUE).map(RetryFrame::new).map(Frame.class::cast);
    return Arbitraries.frequencyOf(
            Tuple.of(6, event), Tuple.of(2, idOnly), Tuple.of(1, comment), Tuple.of(1, retry))
        .list()
        .ofMaxSize(12);
  }

  // --- The model of what a browser sees ---

  /** Unpaired surrogates become U+FFFD, then every CRLF, CR and LF becomes LF. */
  static String expectedData(String data) {
    return replaceUnpairedSurrogates(data).replace("\r\n", "\n").replace('\r', '\n');
  }

  static String replaceUnpairedSurrogates(String s) {
    // codePoints() joins each surrogate pair into one supplementary code point (so never test it
    // with a (char) cast) and yields each unpaired surrogate on its own.
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            cp ->
                sb.appendCodePoint(
                    cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE ? 0xFFFD : cp));
    return sb.toString();
  }

  private static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }

  // --- Properties ---

  @Property
  void oneFrameIsExactlyOneEvent(
      @ForAll("ids") String id, @ForAll("types") String type, @ForAll("data") String data) {
    SseParser parser = new SseParser();
    List<SseEvent> events = parser.feed(SseFrames.event(id, type, data));

    String expectedId = id == null ? "" : id;
    assertThat(events)
        .containsExactly(
            new SseEvent(expectedId, type == null ? "message" : type, expectedData(data)));
    assertThat(parser.lastEventId()).isEqualTo(expectedId);
    assertThat(parser.comments()).isEmpty();
    assertThat(parser.retry()).isNull();
  }

  @Property
  void anEventWithRetryIsOneEventThatSetsTheReconnectionTime(
      @ForAll("ids") String id,
      @ForAll("types") String type,
      @ForAll("data") String data,
      @ForAll @LongRange(min = 0) long retry) {
    SseParser parser = new SseParser();
    List<SseEvent> events = parser.feed(SseFrames.eventWithRetry(id, type, retry, data));

    String expectedId = id == null ? "" : id;
    assertThat(events)
        .containsExactly(
            new SseEvent(expectedId, type == null ? "message" : type, expectedData(data)));
    assertThat(parser.retry()).isEqualTo(retry);
    assertThat(SseFrames.eventWithRetry(id, type, retry, data))
        .as("the event's bytes with one retry: line before the data")
        .isEqualTo(
            withRetryLine(SseFrames.event(id, type, data), retry).getBytes(StandardCharsets.UTF_8));
  }

  /** The frame with {@code retry: N} inserted before its first {@code data:} line. */
  private static String withRetryLine(byte[] frame, long retry) {
    String text = new String(frame, StandardCharsets.UTF_8);
    int data = text.startsWith("data: ") ? 0 : text.indexOf("\ndata: ") + 1;
    return text.substring(0, data) + "retry: " + retry + "\n" + text.substring(data);
  }

  @Property
  void bytesAreTheReferenceEncoding(
      @ForAll("ids") String id, @ForAll("types") String type, @ForAll("data") String data) {
    StringBuilder expected = new StringBuilder();
    if (id != null) {
      expected.append("id: ").append(id).append('\n');
    }
    if (type != null) {
      expected.append("event: ").append(type).append('\n');
    }
    expected.append("data: ").append(expectedData(data).replace("\n", "\ndata: ")).append("\n\n");

    byte[] frame = SseFrames.event(id, type, data);

    assertThat(frame).isEqualTo(expected.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(Utf8.decodeOrNull(frame)).isEqualTo(expected.toString());
  }

  @Property
  void concatenatedFramesGiveTheSameEventsInOrder(
      @ForAll("frames") List<Frame> frames,
      @ForAll @Size(max = 8) List<@IntRange(min = 1, max = 40) Integer> chunkSizes) {
    List<SseEvent> expected = new ArrayList<>();
    List<String> expectedComments = new ArrayList<>();
    String lastId = "";
    Long retry = null;
    for (Frame frame : frames) {
      if (frame instanceof EventFrame e) {
        if (e.id() != null) {
          lastId = e.id();
        }
        String type = e.type() == null ? "message" : e.type();
        expected.add(new SseEvent(lastId, type, expectedData(e.data())));
        if (e.retry() != null) {
          retry = e.retry();
        }
      } else if (frame instanceof IdOnlyFrame i) {
        lastId = i.id();
      } else if (frame instanceof CommentFrame c) {
        expectedComments.add(replaceUnpairedSurrogates(c.text()));
      } else if (frame instanceof RetryFrame r) {
        retry = r.millis();
      }
    }
    byte[] stream = concat(frames.stream().map(Frame::bytes).toList());

    // Fed in arbitrary byte chunks, which may split lines and multi-byte characters.
    SseParser parser = new SseParser();
    List<SseEvent> events = new ArrayList<>();
    int pos = 0;
    for (int size : chunkSizes) {
      int end = Math.min(stream.length, pos + size);
      events.addAll(parser.feed(Arrays.copyOfRange(stream, pos, end)));
      pos = end;
    }
    events.addAll(parser.feed(Arrays.copyOfRange(stream, pos, stream.length)));

    assertThat(events).isEqualTo(expected);
    assertThat(parser.lastEventId()).isEqualTo(lastId);
    assertThat(parser.comments()).isEqualTo(expectedComments);
    assertThat(parser.retry()).isEqualTo(retry);
  }

  @Property
  void idOnlyChangesLastEventIdAndDispatchesNothing(
      @ForAll("ids") String before, @ForAll("ids") String id, @ForAll("data") String data) {
    if (id == null) {
      id = "";
    }
    SseParser parser = new SseParser();
    parser.feed(SseFrames.event(before, null, data));

    assertThat(parser.feed(SseFrames.idOnly(id))).isEmpty();
    assertThat(parser.lastEventId()).isEqualTo(id);
    assertThat(parser.feed(SseFrames.event(null, null, data)))
        .containsExactly(SseEvent.message(id, expectedData(data)));
  }

  @Property
  void idsWithLineBreaksOrNulAreRejected(
      @ForAll("data") String prefix,
      @ForAll("data") String suffix,
      @ForAll("breakers") String breaker) {
    String id = prefix + breaker + suffix;

    assertThat(SseFrames.isSafeId(id)).isFalse();
    assertThatThrownBy(() -> SseFrames.event(id, null, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SseFrames.idOnly(id)).isInstanceOf(IllegalArgumentException.class);
  }

  @Provide
  Arbitrary<String> breakers() {
    return Arbitraries.of("\r", "\n", "\0", "\r\n");
  }

  @Property
  void isSafeTypeMatchesItsDefinition(@ForAll("typeLike") String type) {
    boolean safe = SAFE_TYPE.matcher(type).matches();

    assertThat(SseFrames.isSafeType(type)).isEqualTo(safe);
    if (!safe) {
      assertThatThrownBy(() -> SseFrames.event(null, type, "x"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Provide
  Arbitrary<String> typeLike() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ascii().ofMaxLength(10),
        Arbitraries.strings().withChars("aZ09._:/+- \t\r\n\0é;,=").ofMaxLength(10),
        Arbitraries.strings().withChars("ab.-").ofMinLength(120).ofMaxLength(135),
        data());
  }

  @Property
  void commentsDispatchNothing(@ForAll("data") String data) {
    String text = data.replace("\r", "").replace("\n", "");
    SseParser parser = new SseParser();

    assertThat(parser.feed(SseFrames.comment(text))).isEmpty();
    assertThat(parser.comments()).containsExactly(replaceUnpairedSurrogates(text));
    assertThat(parser.lastEventId()).isEmpty();
  }
}
