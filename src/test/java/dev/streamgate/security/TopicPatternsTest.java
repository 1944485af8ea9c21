package dev.streamgate.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.pattern.TopicGlob;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicPatternsTest {

  @ParameterizedTest
  @CsvSource({
    "demo.*, demo.prices, true",
    "demo.*, demo., true",
    "demo.*, demo, false",
    "demo.*, demoXprices, false",
    "*, anything, true",
    "prices.eu-?, prices.eu-1, true",
    "prices.eu-?, prices.eu-12, false",
    "*.audit, orders.audit, true",
    "*.audit, orders.audit.x, false",
    "a*b*c, aXXbYYc, true",
    "a*b*c, aXXbYY, false",
  })
  void globs(String pattern, String topic, boolean expected) {
    assertThat(TopicPatterns.of(List.of(pattern)).matches(topic)).isEqualTo(expected);
  }

  @Test
  void severalPatternsAnyMatches() {
    TopicPatterns patterns = TopicPatterns.of(Arrays.asList("prices.*", " orders.* ", "", null));
    assertThat(patterns.matches("orders.eu")).isTrue();
    assertThat(patterns.matches("prices.us")).isTrue();
    assertThat(patterns.matches("users")).isFalse();
    assertThat(patterns.patterns()).containsExactly("prices.*", "orders.*");
  }

  @Test
  void noneMatchesNothingAndNullNeverMatches() {
    assertThat(TopicPatterns.none().matches("a")).isFalse();
    assertThat(TopicPatterns.all().matches(null)).isFalse();
    assertThat(TopicPatterns.of(List.of()).matches("a")).isFalse();
  }

  @Test
  void pathologicalPatternsStayLinear() {
    String pattern = "*a".repeat(100) + "b";
    String name = "a".repeat(249);
    long start = System.nanoTime();
    assertThat(TopicGlob.matches(pattern, name)).isFalse();
    // O(pattern x name): a few tens of thousands of steps, not an exponential blow-up.
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
  }

  /** The glob agrees with the equivalent regular expression on every pattern and name. */
  @Property(tries = 2000)
  void agreesWithRegex(
      @ForAll @StringLength(max = 8) @Chars({'a', 'b', '.', '*', '?'}) String pattern,
      @ForAll @StringLength(max = 10) @CharRange(from = 'a', to = 'b') @Chars('.') String name) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    assertThat(TopicGlob.matches(pattern, name)).isEqualTo(name.matches(regex.toString()));
  }
}
