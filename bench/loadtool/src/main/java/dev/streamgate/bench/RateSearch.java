package dev.streamgate.bench;

import java.util.OptionalDouble;

/**
 * Which offered rate the capacity scenario tries next. Starting at {@code start} events/s, it
 * multiplies by {@code factor} after every passing step until one fails (or divides after every
 * failing step until one passes, down to {@code min}); then it bisects the bracket between the
 * highest pass and the lowest failure ({@code bisections} times, or until the two are within 5 %).
 * At most {@code maxSteps} steps, and never above {@code max}. Pure: the caller runs each step and
 * reports whether it passed.
 */
final class RateSearch {

  private final double start;
  private final double factor;
  private final double min;
  private final double max;
  private final int bisections;
  private final int maxSteps;
  private double highestPass = Double.NaN;
  private double lowestFail = Double.NaN;
  private double next;
  private int steps;
  private int bisected;
  private String stopReason;

  RateSearch(double start, double factor, double min, double max, int bisections, int maxSteps) {
    if (!(start > 0) || !(factor > 1) || !(min > 0) || max < start || min > start || maxSteps < 1) {
      throw new IllegalArgumentException("need 0 < min <= start <= max, factor > 1, maxSteps >= 1");
    }
    this.start = start;
    this.factor = factor;
    this.min = min;
    this.max = max;
    this.bisections = bisections;
    this.maxSteps = maxSteps;
    this.next = start;
  }

  /** The next rate to try (events/s in total), or empty once the search is over. */
  OptionalDouble next() {
    return stopReason == null ? OptionalDouble.of(next) : OptionalDouble.empty();
  }

  /** Records the outcome of the step run at {@code rate} (the last {@link #next()}). */
  void record(double rate, boolean passed) {
    if (stopReason != null) throw new IllegalStateException("search is over: " + stopReason);
    steps++;
    if (passed) {
      highestPass = Double.isNaN(highestPass) ? rate : Math.max(highestPass, rate);
    } else {
      lowestFail = Double.isNaN(lowestFail) ? rate : Math.min(lowestFail, rate);
    }
    if (Double.isNaN(lowestFail)) {
      double up = round(rate * factor);
      if (rate >= max) stopReason = "passed at the highest rate tried (" + fmt(max) + " ev/s)";
      else next = Math.min(up, max);
    } else if (Double.isNaN(highestPass)) {
      if (rate <= min) stopReason = "failed at the lowest rate allowed (" + fmt(rate) + " ev/s)";
      else next = Math.max(round(rate / factor), min);
    } else if (bisected >= bisections || lowestFail / highestPass <= 1.05) {
      stopReason = "bracketed: passes at " + fmt(highestPass) + ", fails at " + fmt(lowestFail) + " ev/s";
    } else {
      next = round((highestPass + lowestFail) / 2);
      bisected++;
      if (next <= highestPass || next >= lowestFail) {
        stopReason = "bracketed: passes at " + fmt(highestPass) + ", fails at " + fmt(lowestFail) + " ev/s";
      }
    }
    if (stopReason == null && steps >= maxSteps) {
      stopReason = "step limit (" + maxSteps + ") reached";
    }
  }

  /** Ends the search early (the time bound), keeping what was found. */
  void stop(String reason) {
    if (stopReason == null) stopReason = reason;
  }

  /** The highest rate that passed, NaN if none did. */
  double highestPass() {
    return highestPass;
  }

  /** The lowest rate that failed, NaN if none did. */
  double lowestFail() {
    return lowestFail;
  }

  int steps() {
    return steps;
  }

  String stopReason() {
    return stopReason;
  }

  double start() {
    return start;
  }

  /** Rates are kept to 0.1 events/s so that steps read as the rates they were run at. */
  static double round(double r) {
    return Math.max(0.1, Math.round(r * 10) / 10.0);
  }

  private static String fmt(double r) {
    return r == Math.rint(r) ? String.valueOf((long) r) : String.valueOf(r);
  }
}
