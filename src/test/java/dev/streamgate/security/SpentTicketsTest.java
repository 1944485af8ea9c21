package dev.streamgate.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamgate.security.SpentTickets.Outcome;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The used-ticket store: replays refused, bounded, and full means refuse rather than forget. */
class SpentTicketsTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final SpentTickets spent = new SpentTickets(2, now::get);

  @Test
  void aSecondUseIsAReplay() {
    assertThat(spent.spend("a", 5_000)).isEqualTo(Outcome.FIRST);
    assertThat(spent.spend("a", 5_000)).isEqualTo(Outcome.REPLAYED);
    assertThat(spent.spend("b", 5_000)).isEqualTo(Outcome.FIRST);
  }

  @Test
  void whenFullNewTicketsAreRefusedAndNoUsedOneIsForgotten() {
    spent.spend("a", 3_000);
    spent.spend("b", 5_000);
    assertThat(spent.spend("c", 9_000)).isEqualTo(Outcome.FULL);
    assertThat(spent.millisUntilRoom()).isEqualTo(2_000);
    // the used ones are still refused while full
    assertThat(spent.spend("a", 3_000)).isEqualTo(Outcome.REPLAYED);
    assertThat(spent.spend("b", 5_000)).isEqualTo(Outcome.REPLAYED);
  }

  @Test
  void entriesLeaveWhenTheirTicketExpires() {
    spent.spend("a", 3_000);
    spent.spend("b", 5_000);
    now.set(3_001);
    assertThat(spent.size()).isEqualTo(1);
    assertThat(spent.spend("c", 9_000)).isEqualTo(Outcome.FIRST);
    assertThat(spent.spend("b", 5_000)).isEqualTo(Outcome.REPLAYED);
    assertThat(spent.millisUntilRoom()).isEqualTo(1_999);
  }
}
