package dev.streamgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SeqCheckerTest {

  @Test
  void inOrderPerPartitionIsClean() {
    SeqChecker c = new SeqChecker();
    for (int s = 0; s < 100; s++) for (int p = 0; p < 3; p++) c.onEvent(p, s);
    assertEquals(0, c.gaps());
    assertEquals(0, c.duplicates());
    assertEquals(0, c.reorders());
    assertEquals(0, c.missing(new long[] {100, 100, 100}));
    assertEquals(300, c.received());
  }

  @Test
  void startsAtFirstSeenSequence() {
    SeqChecker c = new SeqChecker();
    c.onEvent(0, 5);
    c.onEvent(0, 6);
    assertEquals(0, c.gaps());
    assertEquals(5, c.missing(new long[] {7})); // 0..4 never delivered
  }

  @Test
  void hasUpToNeedsTheLastOfEachPartitionsCount() {
    SeqChecker c = new SeqChecker();
    long[] sent = {3, 0, 2}; // nothing sent on partition 1: nothing to wait for there
    assertFalse(c.hasUpTo(sent));
    for (int s = 0; s < 3; s++) c.onEvent(0, s);
    assertFalse(c.hasUpTo(sent), "partition 2 still lacks 0 and 1");
    c.onEvent(2, 0);
    assertFalse(c.hasUpTo(sent));
    c.onEvent(2, 1);
    assertTrue(c.hasUpTo(sent));
    assertTrue(c.hasUpTo(new long[0]));
    assertFalse(c.hasUpTo(new long[] {4}), "seq 3 of partition 0 not seen yet");
  }

  @Test
  void gapIsCounted() {
    SeqChecker c = new SeqChecker();
    c.onEvent(0, 0);
    c.onEvent(0, 1);
    c.onEvent(0, 4);
    assertEquals(2, c.gaps());
  }

  @Test
  void duplicateIsCounted() {
    SeqChecker c = new SeqChecker();
    c.onEvent(1, 0);
    c.onEvent(1, 1);
    c.onEvent(1, 1);
    c.onEvent(1, 0);
    assertEquals(2, c.duplicates());
    assertEquals(0, c.gaps());
  }

  @Test
  void reorderFillsTheHoleButIsCounted() {
    SeqChecker c = new SeqChecker();
    c.onEvent(0, 0);
    c.onEvent(0, 2);
    c.onEvent(0, 1);
    assertEquals(1, c.reorders());
    assertEquals(0, c.gaps());
    assertEquals(0, c.duplicates());
  }

  @Test
  void partitionsAreIndependent() {
    SeqChecker c = new SeqChecker();
    c.onEvent(0, 0);
    c.onEvent(2, 10);
    c.onEvent(0, 1);
    c.onEvent(2, 11);
    assertEquals(0, c.gaps() + c.duplicates() + c.reorders());
  }

  @Test
  void tailMissingCounted() {
    SeqChecker c = new SeqChecker();
    c.onEvent(0, 0);
    c.onEvent(0, 1);
    assertEquals(3, c.missing(new long[] {5}));
    assertEquals(4, c.missing(new long[] {5, 1})); // partition 1 never seen
  }

  @Test
  void expectedStartMakesALostFirstEventAGap() {
    SeqChecker c = new SeqChecker();
    c.expectFrom(0, 10);
    c.onEvent(0, 12);
    assertEquals(2, c.gaps());
  }

  @Test
  void resumeAcrossReconnectContinuesExactly() {
    SeqChecker c = new SeqChecker();
    for (int s = 0; s < 10; s++) c.onEvent(0, s);
    // the connection drops; the server resumes after the last id: next is 10
    for (int s = 10; s < 20; s++) c.onEvent(0, s);
    assertEquals(0, c.gaps() + c.duplicates() + c.reorders());
    // a server without resume restarts at the live head and loses 20..24
    for (int s = 25; s < 30; s++) c.onEvent(0, s);
    assertEquals(5, c.gaps());
  }

  @Test
  void payloadRoundTripAndPadding() {
    byte[] v = Payload.build(2, 123456, 987654321012L, 128);
    assertEquals(128, v.length);
    Payload.Fields f = new Payload.Fields();
    assertTrue(Payload.parse(v, v.length, f));
    assertEquals(2, f.p);
    assertEquals(123456, f.s);
    assertEquals(987654321012L, f.t);
  }

  @Test
  void payloadParsesReserialisedJsonWithSpacesAndOtherOrder() {
    byte[] v = "{\"x\":\"xxxx\", \"t\" : 5, \"s\": 9, \"p\": 1}".getBytes(StandardCharsets.UTF_8);
    Payload.Fields f = new Payload.Fields();
    assertTrue(Payload.parse(v, v.length, f));
    assertEquals(1, f.p);
    assertEquals(9, f.s);
    assertEquals(5, f.t);
  }

  @Test
  void nonBenchDataIsNotParsed() {
    byte[] v = "{\"topics\":[{\"partition\":0}]}".getBytes(StandardCharsets.UTF_8);
    assertFalse(Payload.parse(v, v.length, new Payload.Fields()));
  }
}
