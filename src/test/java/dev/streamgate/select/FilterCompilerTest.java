package dev.streamgate.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** CEL filters: what compiles, what is refused with which message, and what a record gives. */
class FilterCompilerTest {

  private final FilterCompiler compiler = new FilterCompiler(SelectionLimits.DEFAULTS);
  private final Evaluations evaluations = new Evaluations();

  private boolean test(String expression, RecordVariables record) {
    return compiler
        .compile(expression, SelectionException.Source.REQUEST)
        .test(record, evaluations);
  }

  private static SelectionException refusal(FilterCompiler compiler, String expression) {
    try {
      compiler.compile(expression, SelectionException.Source.REQUEST);
    } catch (SelectionException e) {
      return e;
    }
    throw new AssertionError("compiled: " + expression);
  }

  private SelectionException refusal(String expression) {
    return refusal(compiler, expression);
  }

  @Test
  void theIssuesExampleSelectsOnTheParsedJsonValue() {
    String filter = "value.symbol == \"ACME\" && value.price > 400.0";
    assertThat(test(filter, Records.variables("ACME", "{\"symbol\":\"ACME\",\"price\":401.5}")))
        .isTrue();
    assertThat(test(filter, Records.variables("ACME", "{\"symbol\":\"ACME\",\"price\":399}")))
        .isFalse();
    // an integer price compares with a double literal
    assertThat(test(filter, Records.variables("ACME", "{\"symbol\":\"ACME\",\"price\":401}")))
        .isTrue();
  }

  @Test
  void everyRecordVariableIsThere() {
    RecordVariables record =
        new RecordVariables(
            Records.record(
                "k1", "{\"a\":[1,2,{\"b\":null}]}".getBytes(StandardCharsets.UTF_8), "price"),
            "price");
    assertThat(test("key == 'k1'", record)).isTrue();
    assertThat(test("type == 'price'", record)).isTrue();
    assertThat(test("headers.ce_type == 'price' && 'ce_type' in headers", record)).isTrue();
    assertThat(test("partition == 1 && offset == 42", record)).isTrue();
    assertThat(test("timestamp == 1767225600000", record)).isTrue();
    assertThat(test("value.a[1] == 2 && value.a[2].b == null", record)).isTrue();
    assertThat(test("value.a.exists(x, x == 2)", record)).isTrue();
    assertThat(test("has(value.a) && !has(value.z)", record)).isTrue();
  }

  @Test
  void aValueThatIsNotJsonIsItsTextAndATombstoneIsNull() {
    assertThat(test("value == 'plain text'", Records.variables("k", "plain text"))).isTrue();
    assertThat(test("value.startsWith('{x')", Records.variables("k", "{x"))).isTrue();
    assertThat(test("value == '42abc'", Records.variables("k", "42abc"))).isTrue();
    assertThat(test("value == 42", Records.variables("k", "42"))).isTrue();
    assertThat(test("value == 'quoted'", Records.variables("k", "\"quoted\""))).isTrue();
    assertThat(test("value == null && key == null", Records.variables(null, null))).isTrue();
    assertThat(test("value.matches('^ab+c$')", Records.variables("k", "abbbc"))).isTrue();
  }

  @Test
  void anEvaluationErrorOrANonBooleanResultDoesNotPass() {
    RecordVariables record = Records.variables("k", "{\"price\":1}");
    assertThat(test("value.missing == 1", record)).isFalse();
    assertThat(test("value.price", record)).isFalse();
    assertThat(test("value.price.startsWith('x')", record)).isFalse();
    assertThat(evaluations.failed()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void spellingsThatDifferOnlyInSpacesOrParenthesesNormaliseAlike() {
    String a = compiler.compile("value.a==1&&key=='x'", SelectionException.Source.REQUEST).text();
    String b =
        compiler
            .compile("( value.a == 1 )  &&  key == \"x\"", SelectionException.Source.REQUEST)
            .text();
    assertThat(a).isEqualTo(b);
  }

  @Test
  void syntaxTypeAndNameErrorsCarryTheCompilersMessage() {
    assertThat(refusal("value.symbol ==").getMessage()).contains("mismatched input");
    assertThat(refusal("nope == 1").getMessage()).contains("undeclared reference to 'nope'");
    assertThat(refusal("1 + 'a' == 2").getMessage()).contains("found no matching overload");
    assertThat(refusal("partition + 1").getMessage()).contains("expected type 'bool'");
    assertThat(refusal("   ").getMessage()).contains("empty");
    assertThat(refusal("value ==").title()).isEqualTo("Invalid filter");
  }

  @Test
  void tooLongTooLargeAndTooCostlyAreRefused() {
    FilterCompiler small = new FilterCompiler(new SelectionLimits(60, 10, 500, 10, 4));
    assertThat(refusal(small, "key == '" + "x".repeat(60) + "'").title())
        .isEqualTo("Filter too long");
    SelectionException large = refusal(small, "offset == 1 || offset == 2 || offset == 3");
    assertThat(large.title()).isEqualTo("Filter too large");
    assertThat(large.getMessage()).contains("node limit");
    SelectionException costly =
        refusal("value.a.exists(x, value.b.exists(y, value.c.exists(z, x == y && y == z)))");
    assertThat(costly.title()).isEqualTo("Filter too costly");
    assertThat(costly.getMessage()).contains("at most 10000");
    assertThat(refusal("value.a.exists(x, value.b.exists(y, x == y))").title())
        .isEqualTo("Filter too costly");
    // one comprehension is fine with the defaults
    assertThat(test("value.a.all(x, x > 0)", Records.variables("k", "{\"a\":[1,2]}"))).isTrue();
  }

  @Test
  void aComprehensionOverMoreElementsThanTheBoundFailsTheRecord() {
    FilterCompiler bounded = new FilterCompiler(new SelectionLimits(1024, 200, 10_000, 3, 4));
    CompiledFilter filter =
        bounded.compile("value.all(x, x > 0)", SelectionException.Source.REQUEST);
    assertThat(filter.test(Records.variables("k", "[1,2,3]"), evaluations)).isTrue();
    assertThat(filter.test(Records.variables("k", "[1,2,3,4]"), evaluations)).isFalse();
  }
}
