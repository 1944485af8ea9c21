package dev.streamgate.select;

import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableExpr;

/**
 * A static upper bound of the work one evaluation does, in syntax-tree nodes visited: every node
 * costs 1, and the loop condition and step of a comprehension ({@code all}, {@code exists}, {@code
 * exists_one}, {@code map}, {@code filter}) cost their nodes times the iteration bound, nested
 * comprehensions multiplying. CEL-Java has no cost estimator of its own; its runtime enforces the
 * same iteration bound ({@code comprehensionMaxIterations}), so the estimate holds at run time. The
 * size of the record's own strings is not counted: the functions on them (contains, matches, size)
 * are linear, and {@code matches} runs on RE2J, never backtracking.
 */
final class FilterCost {

  private FilterCost() {}

  static long of(CelExpr expr, long iterations) {
    return cost(expr, 1, iterations);
  }

  private static long cost(CelExpr expr, long multiplier, long iterations) {
    if (expr.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION) {
      CelExpr.CelComprehension loop = expr.comprehension();
      long inner = saturatedMultiply(multiplier, iterations);
      return saturatedAdd(
          multiplier,
          cost(loop.iterRange(), multiplier, iterations),
          cost(loop.accuInit(), multiplier, iterations),
          cost(loop.loopCondition(), inner, iterations),
          cost(loop.loopStep(), inner, iterations),
          cost(loop.result(), multiplier, iterations));
    }
    long[] total = {multiplier};
    CelNavigableExpr.fromExpr(expr)
        .children()
        .forEach(
            child -> total[0] = saturatedAdd(total[0], cost(child.expr(), multiplier, iterations)));
    return total[0];
  }

  private static long saturatedMultiply(long a, long b) {
    long high = Math.multiplyHigh(a, b);
    return high != 0 || a * b < 0 ? Long.MAX_VALUE : a * b;
  }

  private static long saturatedAdd(long... values) {
    long sum = 0;
    for (long value : values) {
      sum = sum + value < sum ? Long.MAX_VALUE : sum + value;
    }
    return sum;
  }
}
