package dev.streamgate.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The normalised text that groups streams: compiling it again gives it back (so a group's key is
 * stable), and it selects exactly what the original spelling selects.
 */
class FilterNormalisationPropertiesTest {

  private static final FilterCompiler COMPILER = new FilterCompiler(SelectionLimits.DEFAULTS);
  private static final List<RecordVariables> RECORDS =
      List.of(
          Records.variables("ACME", "{\"symbol\":\"ACME\",\"price\":401.5,\"n\":3}"),
          Records.variables("GLOBEX", "{\"symbol\":\"GLOBEX\",\"price\":12,\"n\":0}"),
          Records.variables("ACME", "{\"symbol\":\"ACME\",\"price\":399}"),
          Records.variables(null, "not json"));

  @Property(tries = 300)
  void normalisingIsIdempotentAndKeepsTheMeaning(@ForAll("expressions") String expression) {
    CompiledFilter original = COMPILER.compile(expression, SelectionException.Source.REQUEST);
    CompiledFilter again = COMPILER.compile(original.text(), SelectionException.Source.REQUEST);
    assertThat(again.text()).isEqualTo(original.text());
    Evaluations evaluations = new Evaluations();
    for (RecordVariables record : RECORDS) {
      assertThat(again.test(record, evaluations))
          .as("%s on %s", expression, record.record())
          .isEqualTo(original.test(record, evaluations));
    }
  }

  @Provide
  Arbitrary<String> expressions() {
    Arbitrary<String> atom =
        Arbitraries.of(
            "value.symbol == 'ACME'",
            "value.price > 400.0",
            "value.price<=12",
            "key == \"GLOBEX\"",
            "has(value.n)",
            "offset >= 0",
            "value.n in [0, 3]",
            "true");
    return Arbitraries.recursive(
        () -> atom,
        inner ->
            Arbitraries.oneOf(
                inner.map(e -> "!(" + e + ")"),
                inner.map(e -> " ( " + e + " ) "),
                Arbitraries.of("&&", "||", " && ", " ||")
                    .flatMap(op -> inner.flatMap(a -> inner.map(b -> a + op + b)))),
        3);
  }
}
