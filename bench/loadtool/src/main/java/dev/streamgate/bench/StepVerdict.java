package dev.streamgate.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether one capacity step held: at least 99 % of the offered deliveries arrived by the end of the
 * step's drain, their p99 latency stayed under 1 s, and the producer handed over every event of the
 * step within its time bound (a publisher that falls behind did not offer the rate). Gaps,
 * duplicates and reorders are reported with every step but are not part of the criterion: a
 * lost event already counts against the delivered ratio.
 */
record StepVerdict(boolean passed, List<String> failedBecause) {

  static final double MIN_DELIVERED_RATIO = 0.99;
  static final double MAX_P99_MS = 1000;

  /**
   * @param deliveredRatio distinct deliveries ÷ (events sent × clients asked for)
   * @param p99Ms p99 latency of the step's deliveries, null if nothing arrived
   * @param allProduced whether every event of the step was handed over within its bound
   */
  static StepVerdict of(double deliveredRatio, Double p99Ms, boolean allProduced) {
    List<String> why = new ArrayList<>();
    if (!(deliveredRatio >= MIN_DELIVERED_RATIO)) why.add("delivered ratio below " + MIN_DELIVERED_RATIO);
    if (p99Ms == null) why.add("no latency figure (nothing delivered)");
    else if (!(p99Ms < MAX_P99_MS)) why.add("p99 not under " + (long) MAX_P99_MS + " ms");
    if (!allProduced) why.add("producer could not hand over the offered rate in time");
    return new StepVerdict(why.isEmpty(), List.copyOf(why));
  }
}
