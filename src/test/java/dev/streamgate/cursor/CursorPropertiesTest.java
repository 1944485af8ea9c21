package dev.streamgate.cursor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

class CursorPropertiesTest {

  private static final String BASE64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  private static final String TOPIC_CHARS = BASE64URL + ".";

  /** Generous, so that properties exercise the byte format rather than the length limit. */
  private final CursorCodec codec = new CursorCodec(1 << 20);

  // ---------------------------------------------------------------- (a) round trip

  @Property
  void decodeInvertsEncode(@ForAll("cursors") Cursor cursor) {
    assertThat(codec.decode(codec.encode(cursor))).isEqualTo(new CursorDecoding.Valid(cursor));
  }

  @Property
  void snapshotIdsRoundTripAndDifferOnlyInTheirFirstCharacter(@ForAll("cursors") Cursor cursor) {
    String snapshot = codec.encodeSnapshot(cursor);
    assertThat(codec.decode(snapshot)).isEqualTo(new CursorDecoding.InSnapshot(cursor));
    assertThat(snapshot).matches("^s[A-Za-z0-9_-]*$");
    assertThat(snapshot.substring(1)).isEqualTo(codec.encode(cursor).substring(1));
  }

  // ---------------------------------------------------------------- (b) alphabet

  @Property
  void encodedIdsAreUrlSafe(@ForAll("cursors") Cursor cursor) {
    assertThat(codec.encode(cursor)).matches("^1[A-Za-z0-9_-]*$");
  }

  // ---------------------------------------------------------------- (c) robustness, canonical form

  @Property
  void decodeNeverThrowsOnArbitraryStrings(@ForAll("anyStrings") String id) {
    assertDecodesSafely(id);
  }

  @Property
  void decodeNeverThrowsOnArbitraryPayloads(@ForAll @Size(max = 300) byte[] payload) {
    assertDecodesSafely("1" + Base64.getUrlEncoder().withoutPadding().encodeToString(payload));
  }

  @Property
  void mutatedIdsNeverThrowAndValidOnesAreCanonical(
      @ForAll("cursors") Cursor cursor, @ForAll("charMutations") List<Mutation> mutations) {
    String id = codec.encode(cursor);
    for (Mutation m : mutations) {
      id = m.apply(id);
    }
    assertDecodesSafely(id);
  }

  @Property
  void mutatedPayloadsNeverThrowAndValidOnesAreCanonical(
      @ForAll("cursors") Cursor cursor, @ForAll("byteMutations") List<Mutation> mutations) {
    // Mutating bytes rather than characters gets past the base64 checks far more often, so the
    // varint, count, name and offset checks are exercised too.
    String payload = new String(payload(codec.encode(cursor)), StandardCharsets.ISO_8859_1);
    for (Mutation m : mutations) {
      payload = m.apply(payload);
    }
    byte[] bytes = payload.getBytes(StandardCharsets.ISO_8859_1);
    assertDecodesSafely("1" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** decode returns normally, and anything it accepts is the one id of the cursor it yields. */
  private void assertDecodesSafely(String id) {
    CursorDecoding decoding = codec.decode(id);
    assertThat(decoding).isNotNull();
    if (decoding instanceof CursorDecoding.Valid valid) {
      assertThat(codec.encode(valid.cursor())).isEqualTo(id);
    } else if (decoding instanceof CursorDecoding.InSnapshot snapshot) {
      assertThat(codec.encodeSnapshot(snapshot.cursor())).isEqualTo(id);
    } else {
      assertThat(((CursorDecoding.Invalid) decoding).reason()).isNotBlank();
    }
  }

  // ---------------------------------------------------------------- (d) the resume law

  /**
   * Whatever event a client saw last, resuming from its id yields exactly the records after it: a
   * reader that seeks every partition to the decoded next offset and skips nothing else sees
   * records k+1..n, no gap and no duplicate, even with holes in offsets and any interleaving.
   */
  @Property
  void resumingFromAnyIdDeliversExactlyTheRest(@ForAll("scenarios") Scenario scenario) {
    List<Rec> records = scenario.records();
    List<String> ids = new ArrayList<>(records.size() + 1);
    List<Cursor> cursors = new ArrayList<>(records.size() + 1);
    Cursor cursor = scenario.start();
    ids.add(codec.encode(cursor)); // k = 0: before any record
    cursors.add(cursor);
    for (Rec r : records) {
      cursor = cursor.afterRecord(r.topic(), r.partition(), r.offset());
      ids.add(codec.encode(cursor));
      cursors.add(cursor);
    }
    for (int k = 0; k <= records.size(); k++) {
      CursorDecoding decoding = codec.decode(ids.get(k));
      assertThat(decoding).isEqualTo(new CursorDecoding.Valid(cursors.get(k)));
      Cursor resumed = ((CursorDecoding.Valid) decoding).cursor();
      List<Rec> redelivered = new ArrayList<>();
      for (Rec r : records) {
        if (r.offset() >= resumed.topic(r.topic()).orElseThrow().nextOffset(r.partition())) {
          redelivered.add(r);
        }
      }
      assertThat(redelivered)
          .as("resume after record %d", k)
          .isEqualTo(records.subList(k, records.size()));
    }
  }

  record Rec(String topic, int partition, long offset) {}

  record Scenario(Cursor start, List<Rec> records) {}

  /** A partition's start offset and the gaps between its records (0 means consecutive). */
  record PartitionPlan(long start, List<Integer> gaps) {}

  record TopicPlan(String name, int fingerprint, List<PartitionPlan> partitions) {}

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<Long> starts =
        Arbitraries.oneOf(
            Arbitraries.longs().between(0, 100),
            Arbitraries.longs().between(0, 1L << 40),
            Arbitraries.longs().between(Long.MAX_VALUE - 1000, Long.MAX_VALUE - 100));
    Arbitrary<PartitionPlan> partition =
        Combinators.combine(starts, Arbitraries.integers().between(0, 3).list().ofMaxSize(10))
            .as(PartitionPlan::new);
    Arbitrary<TopicPlan> topic =
        Combinators.combine(
                topicNames(12), Arbitraries.integers(), partition.list().ofMinSize(1).ofMaxSize(12))
            .as(TopicPlan::new);
    Arbitrary<List<TopicPlan>> topics =
        topic.list().ofMinSize(1).ofMaxSize(3).uniqueElements(TopicPlan::name);
    Arbitrary<List<Integer>> choices =
        Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(400);
    return Combinators.combine(topics, choices).as(CursorPropertiesTest::scenario);
  }

  /**
   * Lays out each partition's records (offsets strictly increasing, the first at or after the start
   * offset, holes where gaps are non-zero), then interleaves partitions as {@code choices} say.
   */
  private static Scenario scenario(List<TopicPlan> plans, List<Integer> choices) {
    List<TopicPosition> positions = new ArrayList<>();
    List<Deque<Rec>> queues = new ArrayList<>();
    for (TopicPlan t : plans) {
      long[] starts = new long[t.partitions().size()];
      for (int p = 0; p < starts.length; p++) {
        PartitionPlan plan = t.partitions().get(p);
        starts[p] = plan.start();
        Deque<Rec> queue = new ArrayDeque<>();
        long offset = plan.start() - 1;
        for (int i = 0; i < plan.gaps().size(); i++) {
          // The first record may itself follow a hole (compacted away) after the start offset.
          offset += 1 + plan.gaps().get(i);
          queue.add(new Rec(t.name(), p, offset));
        }
        if (!queue.isEmpty()) {
          queues.add(queue);
        }
      }
      positions.add(new TopicPosition(t.name(), t.fingerprint(), starts));
    }
    List<Rec> records = new ArrayList<>();
    Iterator<Integer> choice = choices.iterator();
    while (!queues.isEmpty()) {
      int q = choice.hasNext() ? choice.next() % queues.size() : 0;
      records.add(queues.get(q).poll());
      if (queues.get(q).isEmpty()) {
        queues.remove(q);
      }
    }
    return new Scenario(Cursor.of(positions), records);
  }

  // ---------------------------------------------------------------- generators

  @Provide
  Arbitrary<Cursor> cursors() {
    Arbitrary<long[]> offsets = Arbitraries.oneOf(anyOffsets(), clusteredOffsets());
    return Combinators.combine(topicNames(249), Arbitraries.integers(), offsets)
        .as(TopicPosition::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(5)
        .uniqueElements(TopicPosition::topic)
        .map(Cursor::of);
  }

  private static Arbitrary<long[]> anyOffsets() {
    return Arbitraries.longs()
        .between(0, Long.MAX_VALUE)
        .array(long[].class)
        .ofMinSize(1)
        .ofMaxSize(80);
  }

  /** Offsets of similar size, as partitions of one topic usually have. */
  private static Arbitrary<long[]> clusteredOffsets() {
    return Combinators.combine(
            Arbitraries.oneOf(
                Arbitraries.longs().between(0, 10_000_000),
                Arbitraries.longs().between(0, Long.MAX_VALUE - 100_000)),
            Arbitraries.longs().between(0, 100_000).array(long[].class).ofMinSize(1).ofMaxSize(80))
        .as(
            (base, spread) -> {
              long[] offsets = spread.clone();
              for (int p = 0; p < offsets.length; p++) {
                offsets[p] += base;
              }
              return offsets;
            });
  }

  private static Arbitrary<String> topicNames(int maxLength) {
    return Arbitraries.strings()
        .withChars(TOPIC_CHARS)
        .ofMinLength(1)
        .ofMaxLength(maxLength)
        .filter(TopicNames::isLegal);
  }

  @Provide
  Arbitrary<String> anyStrings() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(200),
        Arbitraries.strings().ascii().ofMaxLength(200),
        Arbitraries.strings()
            .withChars(BASE64URL + "=+/ \r\n\0")
            .ofMaxLength(200)
            .map(s -> "1" + s),
        Arbitraries.strings().withChars(BASE64URL).ofMaxLength(200).map(s -> "1" + s));
  }

  /** One edit of a string: replace, insert or delete the character at a position. */
  record Mutation(Kind kind, int position, char c) {
    enum Kind {
      REPLACE,
      INSERT,
      DELETE
    }

    String apply(String s) {
      int at = Math.floorMod(position, s.length() + 1);
      return switch (kind) {
        case INSERT -> s.substring(0, at) + c + s.substring(at);
        case REPLACE -> at == s.length() ? s : s.substring(0, at) + c + s.substring(at + 1);
        case DELETE -> at == s.length() ? s : s.substring(0, at) + s.substring(at + 1);
      };
    }
  }

  @Provide
  Arbitrary<List<Mutation>> charMutations() {
    Arbitrary<Character> chars =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.of(chars(BASE64URL))),
            Tuple.of(1, Arbitraries.of('=', '+', '/', '\0', '\r', '\n', 'é', '2')),
            Tuple.of(1, Arbitraries.chars()));
    return mutations(chars);
  }

  @Provide
  Arbitrary<List<Mutation>> byteMutations() {
    Arbitrary<Character> bytes =
        Arbitraries.frequencyOf(
            Tuple.of(
                3, Arbitraries.of((char) 0x00, (char) 0x01, (char) 0x7f, (char) 0x80, (char) 0xff)),
            Tuple.of(3, Arbitraries.chars().range('\0', '\u00ff')),
            Tuple.of(
                2, Arbitraries.strings().withChars(TOPIC_CHARS).ofLength(1).map(s -> s.charAt(0))));
    return mutations(bytes);
  }

  private static Arbitrary<List<Mutation>> mutations(Arbitrary<Character> chars) {
    return Combinators.combine(
            Arbitraries.of(Mutation.Kind.class), Arbitraries.integers().greaterOrEqual(0), chars)
        .as(Mutation::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(3);
  }

  private static Character[] chars(String s) {
    Character[] out = new Character[s.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = s.charAt(i);
    }
    return out;
  }

  private static byte[] payload(String id) {
    return Base64.getUrlDecoder().decode(id.substring(1));
  }
}
