package dev.streamgate.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TopicMatchTest {

  private static final Predicate<String> ALL = t -> true;

  @Test
  void plainNamesFirstThenMatchesInNameOrderWithoutDuplicates() {
    TopicMatch match = TopicMatch.of(List.of("prices", "orders.*", "orders.eu"));
    assertThat(match.names()).containsExactly("prices", "orders.eu");
    TopicMatch.Resolution r =
        match.resolve(
            List.of("orders.us", "orders.eu", "prices", "orders.asia", "other"), ALL, Set.of(), 16);
    assertThat(r.topics()).containsExactly("prices", "orders.eu", "orders.asia", "orders.us");
    assertThat(r.skipped()).isEmpty();
  }

  @Test
  void internalAndUnreadableTopicsNeverMatch() {
    TopicMatch match = TopicMatch.of(List.of("*"));
    TopicMatch.Resolution r =
        match.resolve(
            List.of("__consumer_offsets", "__x", "secret.a", "open.a"),
            t -> !t.startsWith("secret"),
            Set.of(),
            16);
    assertThat(r.topics()).containsExactly("open.a");
  }

  @Test
  void aCutKeepsThePreferredTopicsFirst() {
    TopicMatch match = TopicMatch.of(List.of("t.*"));
    TopicMatch.Resolution r =
        match.resolve(List.of("t.a", "t.b", "t.c", "t.d"), ALL, Set.of("t.d", "t.c"), 2);
    assertThat(r.topics()).containsExactly("t.c", "t.d");
    assertThat(r.skipped()).containsExactly("t.a", "t.b");
  }

  /** The laws of a resolution: bounded, readable, complete up to the bound, nothing twice. */
  @Property
  void aResolutionIsBoundedReadableAndComplete(
      @ForAll("listings") List<String> listed, @ForAll @IntRange(min = 1, max = 6) int max) {
    TopicMatch match = TopicMatch.of(List.of("a*"));
    Predicate<String> readable = t -> !t.endsWith("x");
    TopicMatch.Resolution r = match.resolve(listed, readable, Set.of(), max);
    assertThat(r.topics()).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(max);
    assertThat(r.topics()).allMatch(t -> t.startsWith("a") && readable.test(t));
    assertThat(r.skipped()).noneMatch(r.topics()::contains);
    long matching =
        listed.stream().distinct().filter(t -> t.startsWith("a") && readable.test(t)).count();
    assertThat(r.topics().size() + r.skipped().size()).isEqualTo(matching);
  }

  @Provide
  Arbitrary<List<String>> listings() {
    return Arbitraries.strings()
        .withChars("abx")
        .ofMinLength(1)
        .ofMaxLength(4)
        .list()
        .ofMaxSize(12);
  }
}
