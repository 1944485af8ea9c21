package dev.streamgate.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Compiled once, grouped by normalised text, the claim ANDed and never widened. */
class SelectionCacheTest {

  private final SelectionCache cache =
      new SelectionCache(new FilterCompiler(SelectionLimits.DEFAULTS), 4, new Evaluations());

  private Selection of(String claim, String filter, String fields) {
    return cache
        .of(Optional.ofNullable(claim), Optional.ofNullable(filter), Optional.ofNullable(fields))
        .orElseThrow();
  }

  @Test
  void noFilterAndNoFieldsSelectsEverything() {
    assertThat(cache.of(Optional.empty(), Optional.empty(), Optional.empty())).isEmpty();
  }

  @Test
  void eachTextIsCompiledOnceAndEqualSpellingsShareAGroupKey() {
    Selection a = of(null, "value.a == 1", "b,a");
    assertThat(of(null, "value.a == 1", "b,a")).isSameAs(a);
    Selection b = of(null, "(value.a==1)", "a,b,a");
    assertThat(b).isNotSameAs(a);
    assertThat(b.key()).isEqualTo(a.key()).isEqualTo("(value.a == 1) fields=a,b");
  }

  @Test
  void theCacheIsBoundedAndDropsTheLeastRecentlyUsed() {
    Selection first = of(null, "offset == 0", null);
    for (int i = 1; i <= 4; i++) {
      of(null, "offset == " + i, null);
    }
    assertThat(cache.size()).isEqualTo(4);
    Selection again = of(null, "offset == 0", null);
    assertThat(again).isNotSameAs(first);
    assertThat(again.key()).isEqualTo(first.key());
  }

  @Test
  void theClaimIsANDedAndARequestCannotWidenIt() {
    Selection selection = of("value.tenant == 'acme'", "true || value.tenant == 'globex'", null);
    assertThat(selection.key())
        .isEqualTo("(value.tenant == \"acme\") && (true || value.tenant == \"globex\") claimed");
    assertThat(selection.select(Records.variables("k", "{\"tenant\":\"acme\"}"), false))
        .isPresent();
    assertThat(selection.select(Records.variables("k", "{\"tenant\":\"globex\"}"), false))
        .isEmpty();
    // text that would close the claim's parenthesis does not even compile on its own
    assertThatThrownBy(() -> of("value.tenant == 'acme'", "true) || (true", null))
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> assertThat(e.source()).isEqualTo(SelectionException.Source.REQUEST));
    // a trailing comment cannot swallow anything: each part is compiled alone
    Selection commented = of("value.tenant == 'acme'", "true // ) || true", null);
    assertThat(commented.select(Records.variables("k", "{\"tenant\":\"globex\"}"), false))
        .isEmpty();
  }

  @Test
  void aBadClaimIsBlamedOnTheClaim() {
    assertThatThrownBy(() -> of("tenant ==", "true", null))
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> assertThat(e.source()).isEqualTo(SelectionException.Source.CLAIM));
    assertThatThrownBy(() -> of("", null, null))
        .isInstanceOfSatisfying(
            SelectionException.class,
            e -> assertThat(e.source()).isEqualTo(SelectionException.Source.CLAIM));
  }

  @Test
  void projectionCopiesTheRecordWithTheProjectedValueAndCountsOneEvaluation() {
    Evaluations evaluations = cache.evaluations();
    Selection selection = of(null, "value.price > 1.0", "price");
    var picked = selection.select(Records.variables("k", "{\"symbol\":\"A\",\"price\":2}"), true);
    assertThat(new String(picked.orElseThrow().value())).isEqualTo("{\"price\":2}");
    assertThat(picked.get().offset()).isEqualTo(42);
    assertThat(evaluations.shared()).isEqualTo(1);
    assertThat(evaluations.perStream()).isZero();
  }
}
