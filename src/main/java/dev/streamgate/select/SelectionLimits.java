package dev.streamgate.select;

/**
 * The bounds a filter or a projection must stay within before a stream opens with it.
 *
 * @param maxLength longest expression, in characters (Unicode code points)
 * @param maxNodes most nodes in the expression's syntax tree (its size)
 * @param maxCost highest estimated cost per record ({@link FilterCost})
 * @param maxIterations most iterations of one comprehension ({@code all}, {@code exists}, {@code
 *     map}, {@code filter}) on one record; beyond it the evaluation fails and the record does not
 *     pass
 * @param maxFields most paths in a {@code fields} projection
 */
public record SelectionLimits(
    int maxLength, int maxNodes, long maxCost, int maxIterations, int maxFields) {

  /** The defaults of {@code streamgate.filter.*}, for tests. */
  public static final SelectionLimits DEFAULTS = new SelectionLimits(1024, 200, 10_000, 100, 32);

  public SelectionLimits {
    if (maxLength < 1 || maxNodes < 1 || maxCost < 1 || maxIterations < 1 || maxFields < 1) {
      throw new IllegalArgumentException("Every filter limit must be at least 1");
    }
  }
}
