package dev.streamgate.conflate;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code conflate} query parameter: a window of 50 ms to 60 s, written as a whole number of
 * milliseconds, seconds or minutes ({@code 250ms}, {@code 1s}, {@code 1m}; {@code 1.5s} too).
 *
 * <p>Windows lie on a grid of the wall clock: window {@code n} covers {@code [n × millis, (n + 1) ×
 * millis)} in epoch milliseconds. Every pod and every topic reader uses the same grid, so the
 * streams of one (topic, selection, window) group on a pod share each batch, and a batch never
 * waits longer than one window for its records.
 *
 * @param millis the window's length in milliseconds
 */
public record ConflateWindow(long millis) {

  /** The shortest window: faster than a screen refreshes usefully, and a write per client each. */
  public static final long MIN_MILLIS = 50;

  /** The longest window: longer ones are better served by polling. */
  public static final long MAX_MILLIS = 60_000;

  /** What a valid value looks like, for problem details. */
  public static final String RULE =
      "'conflate' is a window from 50ms to 60s: a number followed by ms, s or m (250ms, 1s, 0.5m)";

  private static final Pattern FORM = Pattern.compile("(\\d{1,7})(?:\\.(\\d{1,3}))?(ms|s|m)");

  public ConflateWindow {
    if (millis < MIN_MILLIS || millis > MAX_MILLIS) {
      throw new IllegalArgumentException(RULE);
    }
  }

  /**
   * The window {@code text} names.
   *
   * @throws IllegalArgumentException with {@link #RULE} when it is not one, or out of the range
   */
  public static ConflateWindow parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(RULE);
    }
    long unit =
        switch (m.group(3)) {
          case "ms" -> 1;
          case "s" -> 1_000;
          default -> 60_000;
        };
    String fraction = m.group(2) == null ? "" : m.group(2);
    long whole = Long.parseLong(m.group(1)) * unit;
    long part = fraction.isEmpty() ? 0 : Long.parseLong(fraction) * unit;
    for (int digits = 0; digits < fraction.length(); digits++) {
      if (part % 10 != 0) {
        throw new IllegalArgumentException(RULE); // a fraction of a millisecond
      }
      part /= 10;
    }
    return new ConflateWindow(whole + part);
  }

  /** The end of the window that holds {@code epochMillis}: the first boundary after it. */
  public long endAfter(long epochMillis) {
    return Math.floorDiv(epochMillis, millis) * millis + millis;
  }

  /** The text form, {@code 250ms}: what the stream's log line and meters show. */
  @Override
  public String toString() {
    return millis + "ms";
  }
}
