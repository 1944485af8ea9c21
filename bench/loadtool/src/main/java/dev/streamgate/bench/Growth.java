package dev.streamgate.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Whether a figure sampled through a soak grew after its warm-up: the median of the last third of
 * the samples after warm-up against the median of the first third, flagged when it rose by more
 * than both a relative and an absolute margin (a leak shows as steady growth; a collector's or a
 * churn's swings do not move a median of thirds much). Also the least-squares slope per hour over
 * the same samples, for the report. Pure.
 *
 * @param first median of the first third after warm-up
 * @param last median of the last third
 * @param perHour least-squares slope, units per hour
 * @param grew flagged as growth
 */
record Growth(double first, double last, double perHour, boolean grew) {

  /**
   * @param minutes each sample's time in minutes from the start
   * @param values each sample's value
   * @param warmupMinutes samples before this are ignored
   * @param relative flag above {@code first × (1 + relative)} ...
   * @param absolute ... and above {@code first + absolute}
   * @return null with fewer than three samples after warm-up
   */
  static Growth of(double[] minutes, double[] values, double warmupMinutes, double relative, double absolute) {
    List<double[]> after = new ArrayList<>();
    for (int i = 0; i < minutes.length; i++) {
      if (minutes[i] >= warmupMinutes && !Double.isNaN(values[i])) after.add(new double[] {minutes[i], values[i]});
    }
    if (after.size() < 3) return null;
    int third = Math.max(1, after.size() / 3);
    double first = median(after.subList(0, third));
    double last = median(after.subList(after.size() - third, after.size()));
    double perHour = slope(after) * 60;
    boolean grew = last > first * (1 + relative) && last > first + absolute;
    return new Growth(first, last, perHour, grew);
  }

  private static double median(List<double[]> points) {
    double[] v = points.stream().mapToDouble(p -> p[1]).toArray();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** Least-squares slope of value over minutes. */
  private static double slope(List<double[]> points) {
    double n = points.size(), sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (double[] p : points) {
      sx += p[0];
      sy += p[1];
      sxx += p[0] * p[0];
      sxy += p[0] * p[1];
    }
    double d = n * sxx - sx * sx;
    return d == 0 ? 0 : (n * sxy - sx * sy) / d;
  }
}
