package dev.streamgate.stream.pod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The saturation's hysteresis: saturated at once when the writes hold the whole budget, admitting
 * again only after a whole recovery period at or below half of it, with every sample of that period
 * counted.
 */
class SaturationTest {

  private static final long LIMIT = 1000;
  private static final long RECOVERY = 5_000;

  private final Saturation saturation = new Saturation(RECOVERY);

  @Test
  void theWholeBudgetHeldSaturatesAndAWholeCalmRecoveryEndsIt() {
    assertThat(saturation.update(999, LIMIT, 0)).isEqualTo(Saturation.Change.NONE);
    assertThat(saturation.saturated()).isFalse();
    assertThat(saturation.update(1000, LIMIT, 10)).isEqualTo(Saturation.Change.SATURATED);
    assertThat(saturation.since()).isEqualTo(10);
    assertThat(saturation.update(600, LIMIT, 20))
        .as("above half: not calm")
        .isEqualTo(Saturation.Change.NONE);
    assertThat(saturation.update(500, LIMIT, 30)).isEqualTo(Saturation.Change.NONE);
    assertThat(saturation.update(0, LIMIT, 30 + RECOVERY - 1)).isEqualTo(Saturation.Change.NONE);
    assertThat(saturation.saturated()).isTrue();
    assertThat(saturation.update(0, LIMIT, 30 + RECOVERY)).isEqualTo(Saturation.Change.RECOVERED);
    assertThat(saturation.saturated()).isFalse();
  }

  @Test
  void aSampleAboveHalfStartsTheRecoveryAgain() {
    saturation.update(LIMIT, LIMIT, 0);
    saturation.update(100, LIMIT, 1);
    saturation.update(501, LIMIT, 1 + RECOVERY - 10);
    assertThat(saturation.update(100, LIMIT, 1 + RECOVERY)).isEqualTo(Saturation.Change.NONE);
    assertThat(saturation.update(100, LIMIT, 1 + 2 * RECOVERY - 9))
        .isEqualTo(Saturation.Change.NONE);
    assertThat(saturation.update(100, LIMIT, 1 + 2 * RECOVERY))
        .isEqualTo(Saturation.Change.RECOVERED);
  }

  record Sample(long held, long step) {}

  @Property(tries = 500)
  void saturatedExactlyFromAFullBudgetUntilAWholeCalmRecovery(
      @ForAll("samples") List<Sample> samples) {
    Saturation saturation = new Saturation(RECOVERY);
    long now = 0;
    boolean expected = false;
    long calmSince = -1;
    for (Sample s : samples) {
      now += s.step();
      Saturation.Change change = saturation.update(s.held(), LIMIT, now);
      if (s.held() >= LIMIT) {
        assertThat(change).isNotEqualTo(Saturation.Change.RECOVERED);
        assertThat(saturation.saturated()).as("never admits while the budget is held").isTrue();
        assertThat(change == Saturation.Change.SATURATED).isEqualTo(!expected);
        expected = true;
        calmSince = -1;
        continue;
      }
      if (!expected) {
        assertThat(change).isEqualTo(Saturation.Change.NONE);
        continue;
      }
      if (s.held() > LIMIT / 2) {
        calmSince = -1;
      } else if (calmSince < 0) {
        calmSince = now;
      }
      boolean recovers = calmSince >= 0 && now - calmSince >= RECOVERY;
      assertThat(change == Saturation.Change.RECOVERED).as("at %d", now).isEqualTo(recovers);
      if (recovers) {
        expected = false;
        calmSince = -1;
      }
      assertThat(saturation.saturated()).isEqualTo(expected);
    }
  }

  @Provide
  Arbitrary<List<Sample>> samples() {
    Arbitrary<Long> held =
        Arbitraries.oneOf(
            Arbitraries.longs().between(0, LIMIT / 2),
            Arbitraries.longs().between(LIMIT / 2 + 1, LIMIT - 1),
            Arbitraries.longs().between(LIMIT, 2 * LIMIT));
    Arbitrary<Long> step =
        Arbitraries.oneOf(
            Arbitraries.longs().between(0, 100),
            Arbitraries.longs().between(RECOVERY - 100, RECOVERY + 100),
            Arbitraries.longs().between(0, 2 * RECOVERY));
    return Combinators.combine(held, step).as(Sample::new).list().ofMinSize(1).ofMaxSize(60);
  }
}
