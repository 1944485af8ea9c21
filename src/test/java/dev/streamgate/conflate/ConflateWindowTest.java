package dev.streamgate.conflate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConflateWindowTest {

  @ParameterizedTest
  @CsvSource({
    "50ms,50",
    "250ms,250",
    "1s,1000",
    "1.5s,1500",
    "0.25s,250",
    "0.5m,30000",
    "60s,60000",
    "1m,60000",
    " 250ms ,250",
    "0.05s,50"
  })
  void parsesMillisSecondsAndMinutes(String text, long millis) {
    assertThat(ConflateWindow.parse(text).millis()).isEqualTo(millis);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "250",
        "2m",
        "49ms",
        "60001ms",
        "61s",
        "2m1s",
        "1.5ms",
        "-1s",
        "1e3ms",
        "PT1S",
        "1 s",
        "1S",
        "0.0001m",
        "99999999ms",
        "1,5s"
      })
  void refusesAnythingElseWithTheRule(String text) {
    assertThatThrownBy(() -> ConflateWindow.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(ConflateWindow.RULE);
  }

  @ParameterizedTest
  @CsvSource({"250,0,250", "250,249,250", "250,250,500", "250,1001,1250", "1000,-1,0"})
  void windowsLieOnTheClock(long millis, long now, long end) {
    assertThat(new ConflateWindow(millis).endAfter(now)).isEqualTo(end);
  }
}
