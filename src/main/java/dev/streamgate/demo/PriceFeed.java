package dev.streamgate.demo;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * Made-up stock quotes for the demo: each symbol follows its own random walk, and {@link #next()}
 * goes round-robin over the symbols. Deterministic for a given seed and clock, so tests can pin it
 * down; it knows nothing of Kafka so it stays a plain unit.
 *
 * <p>Not thread-safe: the demo producer calls it from its single feed thread only.
 */
public final class PriceFeed {

  /** Relative size of one step of the walk (standard deviation of the log return). */
  private static final double VOLATILITY = 0.002;

  /** Lowest quote; rounding to cents must never produce a zero or negative price. */
  private static final double MIN_PRICE = 0.01;

  private final List<String> symbols;
  private final double[] prices;
  private final Random random;
  private final LongSupplier clock;
  private int nextSymbol;

  /**
   * @param symbols the ticker symbols to quote, at least one
   * @param seed seed of the walk, so two feeds with the same seed quote the same prices
   * @param clock source of each quote's timestamp, in epoch milliseconds
   */
  public PriceFeed(List<String> symbols, long seed, LongSupplier clock) {
    if (symbols.isEmpty()) {
      throw new IllegalArgumentException("The price feed needs at least one symbol");
    }
    this.symbols = List.copyOf(symbols);
    this.clock = Objects.requireNonNull(clock);
    this.random = new Random(seed);
    this.prices = new double[this.symbols.size()];
    for (int i = 0; i < prices.length; i++) {
      prices[i] = cents(20 + random.nextDouble() * 480);
    }
  }

  /** The next quote: the next symbol in turn, one step further on its walk. */
  public Quote next() {
    int index = nextSymbol;
    nextSymbol = (nextSymbol + 1) % symbols.size();
    double previous = prices[index];
    double moved = previous * Math.exp(random.nextGaussian() * VOLATILITY);
    double price = Math.max(MIN_PRICE, cents(moved));
    prices[index] = price;
    return new Quote(symbols.get(index), price, cents(price - previous), clock.getAsLong());
  }

  private static double cents(double value) {
    return Math.round(value * 100) / 100.0;
  }

  /**
   * One quote.
   *
   * @param symbol ticker symbol, also the Kafka record key
   * @param price price in cents precision, always positive
   * @param change difference to this symbol's previous price, in cents precision
   * @param timestamp epoch milliseconds of the quote
   */
  public record Quote(String symbol, double price, double change, long timestamp) {

    /** The record value written to Kafka, e.g. {@code {"symbol":"ACME","price":101.23,...}}. */
    public String toJson() {
      return String.format(
          Locale.ROOT,
          "{\"symbol\":\"%s\",\"price\":%.2f,\"change\":%.2f,\"ts\":%d}",
          escape(symbol),
          price,
          change,
          timestamp);
    }

    private static String escape(String text) {
      StringBuilder out = new StringBuilder(text.length());
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '"' || c == '\\') {
          out.append('\\').append(c);
        } else if (c < 0x20) {
          out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }
  }
}
