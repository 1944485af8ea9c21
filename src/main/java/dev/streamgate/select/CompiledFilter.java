package dev.streamgate.select;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

/**
 * One checked CEL expression, ready to evaluate on any thread (a CEL program is immutable).
 *
 * @param text the expression as CEL prints it back: the same for spellings that differ only in
 *     spaces or redundant parentheses, so that they share one evaluation
 * @param cost the estimate it passed ({@link FilterCost})
 */
record CompiledFilter(String text, long cost, CelRuntime.Program program) {

  /**
   * Whether the record passes: only a {@code true} result does. An evaluation error (a missing
   * field, a type that does not fit, too many iterations) or any other result does not.
   */
  boolean test(RecordVariables record, Evaluations evaluations) {
    try {
      return Boolean.TRUE.equals(program.eval(record));
    } catch (CelEvaluationException | RuntimeException e) {
      evaluations.fail();
      return false;
    }
  }
}
