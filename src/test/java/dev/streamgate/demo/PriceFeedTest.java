package dev.streamgate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamgate.demo.PriceFeed.Quote;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PriceFeedTest {

  private static final List<String> SYMBOLS = List.of("ACME", "GLOBEX", "INITECH");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TWO_DECIMAL_PRICE =
      "\"price\":[1-9]\\d*\\.\\d\\d,|\"price\":0\\.(0[1-9]|[1-9]\\d),";

  @Test
  void goesRoundRobinOverTheSymbols() {
    PriceFeed feed = new PriceFeed(SYMBOLS, 1, () -> 0);

    List<String> symbols = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      symbols.add(feed.next().symbol());
    }

    assertThat(symbols)
        .containsExactly("ACME", "GLOBEX", "INITECH", "ACME", "GLOBEX", "INITECH", "ACME");
  }

  @Test
  void sameSeedGivesTheSameQuotes() {
    PriceFeed first = new PriceFeed(SYMBOLS, 42, () -> 5);
    PriceFeed second = new PriceFeed(SYMBOLS, 42, () -> 5);

    for (int i = 0; i < 100; i++) {
      assertThat(first.next()).isEqualTo(second.next());
    }
  }

  @Test
  void differentSeedsGiveDifferentWalks() {
    PriceFeed first = new PriceFeed(SYMBOLS, 1, () -> 0);
    PriceFeed second = new PriceFeed(SYMBOLS, 2, () -> 0);

    assertThat(first.next().price()).isNotEqualTo(second.next().price());
  }

  @Test
  void changeIsTheStepFromTheSymbolsPreviousPrice() {
    PriceFeed feed = new PriceFeed(SYMBOLS, 7, () -> 0);
    Map<String, Double> last = new HashMap<>();
    for (int i = 0; i < 3; i++) {
      Quote quote = feed.next();
      last.put(quote.symbol(), quote.price());
    }

    for (int i = 0; i < 300; i++) {
      Quote quote = feed.next();
      double expected = last.put(quote.symbol(), quote.price());
      assertThat(quote.change()).isCloseTo(quote.price() - expected, within(0.005));
    }
  }

  @Test
  void timestampComesFromTheClock() {
    AtomicLong now = new AtomicLong(1_763_780_000_000L);
    PriceFeed feed = new PriceFeed(SYMBOLS, 1, now::getAndIncrement);

    assertThat(feed.next().timestamp()).isEqualTo(1_763_780_000_000L);
    assertThat(feed.next().timestamp()).isEqualTo(1_763_780_000_001L);
  }

  @Test
  void jsonHasTheDocumentedShape() {
    Quote quote = new Quote("ACME", 101.23, -0.1, 1_763_780_000_000L);

    assertThat(quote.toJson())
        .isEqualTo("{\"symbol\":\"ACME\",\"price\":101.23,\"change\":-0.10,\"ts\":1763780000000}");
  }

  @Test
  void jsonEscapesTheSymbol() throws Exception {
    Quote quote = new Quote("A\"B\\C\n", 1, 0, 0);

    assertThat(JSON.readTree(quote.toJson()).get("symbol").asText()).isEqualTo("A\"B\\C\n");
  }

  @Test
  void needsAtLeastOneSymbol() {
    assertThatThrownBy(() -> new PriceFeed(List.of(), 1, () -> 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Whatever the seed, a long walk keeps every price positive, in cents, and valid JSON. */
  @Test
  void pricesStayPositiveWithTwoDecimals() throws Exception {
    Random seeds = new Random(2024);
    for (int run = 0; run < 20; run++) {
      long seed = seeds.nextLong();
      PriceFeed feed = new PriceFeed(SYMBOLS, seed, () -> 0);
      for (int i = 0; i < 1_000; i++) {
        Quote quote = feed.next();
        String json = quote.toJson();
        assertThat(quote.price()).as("seed %d", seed).isPositive();
        assertThat(json).as("seed %d", seed).containsPattern(TWO_DECIMAL_PRICE);
        JsonNode parsed = JSON.readTree(json);
        assertThat(parsed.get("price").asDouble()).isEqualTo(quote.price());
        assertThat(parsed.get("change").asDouble()).isEqualTo(quote.change());
        assertThat(parsed.get("symbol").asText()).isEqualTo(quote.symbol());
      }
    }
  }
}
