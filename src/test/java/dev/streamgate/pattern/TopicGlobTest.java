package dev.streamgate.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TopicGlobTest {

  @Test
  void starMatchesAnyRunDotsIncludedAndQuestionMarkOneCharacter() {
    TopicGlob orders = new TopicGlob("orders.*");
    assertThat(orders.matches("orders.eu")).isTrue();
    assertThat(orders.matches("orders.eu.returns")).isTrue();
    assertThat(orders.matches("orders.")).isTrue();
    assertThat(orders.matches("orders")).isFalse();
    assertThat(orders.matches("xorders.eu")).isFalse();
    TopicGlob one = new TopicGlob("prices-?");
    assertThat(one.matches("prices-1")).isTrue();
    assertThat(one.matches("prices-")).isFalse();
    assertThat(one.matches("prices-12")).isFalse();
    assertThat(new TopicGlob("*").matches("anything")).isTrue();
  }

  @Test
  void onlyTopicCharactersAndWildcardsMakeAPattern() {
    assertThat(TopicGlob.isGlob("orders")).isFalse();
    assertThat(TopicGlob.isValid("orders.*")).isTrue();
    assertThat(TopicGlob.isValid("*.*")).isTrue();
    assertThat(TopicGlob.isValid("orders/*")).isFalse();
    assertThat(TopicGlob.isValid("orders[0-9]*")).isFalse();
    assertThat(TopicGlob.isValid("orders *")).isFalse();
    assertThat(TopicGlob.isValid("*".repeat(250))).isFalse();
    assertThatThrownBy(() -> new TopicGlob("a+*")).isInstanceOf(IllegalArgumentException.class);
  }

  /** The law: a glob matches exactly what its translation to a regular expression matches. */
  @Property(tries = 2000)
  void matchesLikeItsRegularExpression(
      @ForAll("patterns") String pattern, @ForAll("names") String name) {
    assertThat(TopicGlob.matches(pattern, name)).isEqualTo(regex(pattern).matcher(name).matches());
  }

  /** A name matches the pattern made of itself, and the pattern made of its length in '?'. */
  @Property
  void aNameMatchesItselfAndItsShape(@ForAll("names") String name) {
    assertThat(TopicGlob.matches(name, name)).isTrue();
    assertThat(TopicGlob.matches("?".repeat(name.length()), name)).isTrue();
    assertThat(TopicGlob.matches("*" + name + "*", "x" + name + "y")).isTrue();
  }

  private static Pattern regex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  @Provide
  Arbitrary<String> patterns() {
    return Arbitraries.strings().withChars("ab.*?").ofMinLength(1).ofMaxLength(8);
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withChars("ab.-").ofMinLength(0).ofMaxLength(10);
  }
}
