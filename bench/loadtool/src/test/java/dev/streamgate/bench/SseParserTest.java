package dev.streamgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

  record Ev(String event, String data, String id) {}

  static final class Collect implements SseParser.Listener {
    final List<Ev> events = new ArrayList<>();
    int comments;
    SseParser parser;

    @Override
    public void onEvent(byte[] event, int eventLen, byte[] data, int dataLen) {
      events.add(
          new Ev(
              new String(event, 0, eventLen, StandardCharsets.UTF_8),
              new String(data, 0, dataLen, StandardCharsets.UTF_8),
              parser.lastEventId()));
    }

    @Override
    public void onComment(byte[] line, int len) {
      comments++;
    }
  }

  static Collect parse(String... chunks) {
    Collect c = new Collect();
    SseParser p = new SseParser(c);
    c.parser = p;
    for (String chunk : chunks) {
      byte[] b = chunk.getBytes(StandardCharsets.UTF_8);
      p.feed(b, 0, b.length);
    }
    return c;
  }

  @Test
  void streamgateFramingWithControlEventsAndHeartbeat() {
    Collect c =
        parse(
            "id: A\nevent: stream-info\nretry: 3417\ndata: {\"topics\":[]}\n\n",
            ": heartbeat\n\n",
            "id: B\ndata: {\"p\":1,\"s\":0}\n\n");
    assertEquals(2, c.events.size());
    assertEquals(new Ev("stream-info", "{\"topics\":[]}", "A"), c.events.get(0));
    assertEquals(new Ev("", "{\"p\":1,\"s\":0}", "B"), c.events.get(1));
    assertEquals(1, c.comments);
  }

  @Test
  void lineEndingsCrLfAndCrAlsoSplitAcrossChunks() {
    Collect c = parse("data: a\r", "\ndata: b\r\r", "data: c\n", "\n");
    assertEquals(2, c.events.size());
    assertEquals("a\nb", c.events.get(0).data());
    assertEquals("c", c.events.get(1).data());
  }

  @Test
  void chunkBoundaryInsideFieldNameAndValue() {
    String s = "id: 42\nevent: message\ndata: {\"p\":2,\"s\":7,\"t\":9}\n\n";
    for (int cut = 1; cut < s.length(); cut++) {
      Collect c = parse(s.substring(0, cut), s.substring(cut));
      assertEquals(1, c.events.size(), "cut at " + cut);
      assertEquals(new Ev("message", "{\"p\":2,\"s\":7,\"t\":9}", "42"), c.events.get(0));
    }
  }

  @Test
  void idOnlyBlockMovesIdWithoutDispatchAndIdPersists() {
    Collect c = parse("id: 1\n\nid: 2\n\ndata: x\n\ndata: y\n\n");
    assertEquals(2, c.events.size());
    assertEquals("2", c.events.get(0).id());
    assertEquals("2", c.events.get(1).id());
  }

  @Test
  void noSpaceAfterColonAndFieldWithoutColon() {
    Collect c = parse("data:abc\ndata\nevent:e\n\n");
    assertEquals(1, c.events.size());
    assertEquals("abc\n", c.events.get(0).data());
    assertEquals("e", c.events.get(0).event());
  }

  @Test
  void emptyDataLineStillDispatches() {
    Collect c = parse("data:\n\n");
    assertEquals(1, c.events.size());
    assertEquals("", c.events.get(0).data());
  }

  @Test
  void bomSkippedAndIdWithNulIgnored() {
    Collect c = parse("\uFEFFid: a\0b\ndata: x\n\n");
    assertEquals(1, c.events.size());
    assertNull(c.events.get(0).id());
  }

  @Test
  void eventNameResetsAfterDispatch() {
    Collect c = parse("event: gap\ndata: {}\n\ndata: {}\n\n");
    assertEquals("gap", c.events.get(0).event());
    assertEquals("", c.events.get(1).event());
  }

  @Test
  void resetStreamDropsPartialEventKeepsId() {
    Collect c = new Collect();
    SseParser p = new SseParser(c);
    c.parser = p;
    byte[] a = "id: 9\ndata: x\n\ndata: partial".getBytes(StandardCharsets.UTF_8);
    p.feed(a, 0, a.length);
    p.resetStream();
    byte[] b = "data: y\n\n".getBytes(StandardCharsets.UTF_8);
    p.feed(b, 0, b.length);
    assertEquals(2, c.events.size());
    assertEquals("y", c.events.get(1).data());
    assertEquals("9", p.lastEventId());
  }

  @Test
  void kafkaSseJsonArrayIdIsKeptVerbatim() {
    String id = "[{\"topic\":\"t\",\"partition\":0,\"offset\":5}]";
    Collect c = parse("event: message\nid: " + id + "\ndata: {\"p\":0,\"s\":4}\n\n");
    assertEquals(id, c.events.get(0).id());
  }

  @Test
  void retryIsTheLastDigitsOnlyValueAndSurvivesANewConnection() {
    Collect c = new Collect();
    SseParser p = new SseParser(c);
    c.parser = p;
    assertEquals(-1, p.retryMillis());
    byte[] a = "retry: 3000\nretry: 2x\nretry:\n\ndata: x\n\nretry: 1500\n\n".getBytes(StandardCharsets.UTF_8);
    p.feed(a, 0, a.length);
    assertEquals(1500, p.retryMillis(), "non-digits and empty values are ignored, the last digits win");
    p.resetStream();
    assertEquals(1500, p.retryMillis(), "kept for the next connection, as EventSource does");
  }
}
