package dev.streamgate.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The {@code fields} projection: its syntax, its canonical form and what it keeps. */
class ProjectionTest {

  private static String project(String fields, String value) {
    byte[] out =
        Projection.parse(fields, 32)
            .apply(JsonValues.parse(value.getBytes(StandardCharsets.UTF_8)));
    return out == null ? null : new String(out, StandardCharsets.UTF_8);
  }

  @Test
  void keepsTheListedFieldsInTheValuesOwnOrder() {
    assertThat(project("price,symbol", "{\"symbol\":\"ACME\",\"venue\":\"X\",\"price\":401.5}"))
        .isEqualTo("{\"symbol\":\"ACME\",\"price\":401.5}");
    assertThat(project("absent", "{\"a\":1}")).isEqualTo("{}");
  }

  @Test
  void dottedPathsKeepTheirNestingAndAListedPrefixKeepsItAll() {
    String value = "{\"quote\":{\"bid\":1,\"ask\":2,\"depth\":{\"l1\":3,\"l2\":4}},\"x\":0}";
    assertThat(project("quote.bid,quote.depth.l2", value))
        .isEqualTo("{\"quote\":{\"bid\":1,\"depth\":{\"l2\":4}}}");
    assertThat(project("quote.bid,quote", value)).isEqualTo(project("quote", value));
    assertThat(project("quote,quote.bid", value)).isEqualTo(project("quote", value));
    // a path through something that is not an object keeps nothing of it
    assertThat(project("x.y", value)).isEqualTo("{}");
  }

  @Test
  void aValueThatIsNotAJsonObjectIsSentUnchanged() {
    assertThat(project("a", "[1,2]")).isNull();
    assertThat(project("a", "42")).isNull();
    assertThat(project("a", "plain")).isNull();
    assertThat(Projection.parse("a", 4).apply(null)).isNull();
  }

  @Test
  void badFieldsAreRefusedWithTheRule() {
    for (String bad :
        List.of("", "a,", ",a", "a..b", "a b", "a.", "é", "a\nb", "a.b.c.d.e.f.g.h.i")) {
      assertThatThrownBy(() -> Projection.parse(bad, 32))
          .as(bad)
          .isInstanceOfSatisfying(
              SelectionException.class, e -> assertThat(e.title()).isEqualTo("Invalid fields"));
    }
    assertThatThrownBy(() -> Projection.parse("a,b,c", 2)).hasMessageContaining("at most 2");
  }

  @Property
  void theCanonicalTextIgnoresOrderAndRepeats(@ForAll("paths") List<String> paths) {
    List<String> shuffled = new ArrayList<>(paths);
    Collections.reverse(shuffled);
    shuffled.addAll(paths);
    assertThat(Projection.parse(String.join(",", shuffled), 64).text())
        .isEqualTo(Projection.parse(String.join(",", paths), 64).text());
  }

  @Property
  void projectingIsIdempotentAndKeepsOnlyListedTopLevelNames(
      @ForAll("paths") List<String> paths, @ForAll("objects") String value) {
    String fields = String.join(",", paths);
    String once = project(fields, value);
    assertThat(project(fields, once)).isEqualTo(once);
    JsonNode tree = JsonValues.parse(once.getBytes(StandardCharsets.UTF_8));
    for (Iterator<String> names = tree.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      assertThat(paths).anyMatch(p -> p.equals(name) || p.startsWith(name + "."));
    }
  }

  @Provide
  Arbitrary<List<String>> paths() {
    Arbitrary<String> segment = Arbitraries.of("a", "b", "c", "d");
    Arbitrary<String> path = segment.list().ofMinSize(1).ofMaxSize(3).map(s -> String.join(".", s));
    return path.list().ofMinSize(1).ofMaxSize(6);
  }

  @Provide
  Arbitrary<String> objects() {
    Arbitrary<String> leaf = Arbitraries.of("1", "\"s\"", "null", "[1,{\"a\":2}]", "true");
    Arbitrary<String> inner =
        Arbitraries.of("a", "b", "c", "x")
            .list()
            .uniqueElements()
            .ofMaxSize(3)
            .flatMap(
                names -> leaf.list().ofSize(names.size()).map(values -> object(names, values)));
    return Arbitraries.of("a", "b", "c", "d", "e")
        .list()
        .uniqueElements()
        .ofMaxSize(5)
        .flatMap(
            names ->
                Arbitraries.oneOf(leaf, inner)
                    .list()
                    .ofSize(names.size())
                    .map(values -> object(names, values)));
  }

  private static String object(List<String> names, List<String> values) {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < names.size(); i++) {
      json.append(i == 0 ? "" : ",")
          .append('"')
          .append(names.get(i))
          .append("\":")
          .append(values.get(i));
    }
    return json.append('}').toString();
  }
}
