package dev.streamgate.select;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.parser.CelUnparser;
import dev.cel.parser.CelUnparserFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * Compiles filter expressions with CEL (Common Expression Language, {@code dev.cel:cel}): parse,
 * type-check against the record variables ({@link RecordVariables}), then the limits: length before
 * parsing, node count while parsing (CEL's own {@code maxParseExpressionNodeCount}), and the
 * estimated cost ({@link FilterCost}) after. Every refusal carries the compiler's message.
 *
 * <p>Thread-safe: CEL's compiler and runtime are immutable; compile on the open pool, evaluate
 * anywhere.
 */
public final class FilterCompiler {

  private final SelectionLimits limits;
  private final CelCompiler compiler;
  private final CelRuntime runtime;
  private final CelUnparser unparser = CelUnparserFactory.newUnparser();

  public FilterCompiler(SelectionLimits limits) {
    this.limits = limits;
    CelOptions options =
        CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .populateMacroCalls(true)
            .maxExpressionCodePointSize(limits.maxLength())
            .maxParseExpressionNodeCount(limits.maxNodes())
            .comprehensionMaxIterations(limits.maxIterations())
            .maxRegexProgramSize(1_000)
            .build();
    this.compiler =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(options)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("key", SimpleType.DYN)
            .addVar("value", SimpleType.DYN)
            .addVar("headers", MapType.create(SimpleType.STRING, SimpleType.STRING))
            .addVar("type", SimpleType.DYN)
            .addVar("partition", SimpleType.INT)
            .addVar("offset", SimpleType.INT)
            .addVar("timestamp", SimpleType.INT)
            .setResultType(SimpleType.BOOL)
            .build();
    this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(options).build();
  }

  public SelectionLimits limits() {
    return limits;
  }

  /**
   * The checked expression.
   *
   * @throws SelectionException for a blank, too long, invalid, ill-typed or too costly expression
   */
  CompiledFilter compile(String text, SelectionException.Source source) {
    if (text.isBlank()) {
      throw new SelectionException("Invalid filter", "The filter expression is empty", source);
    }
    int length = text.codePointCount(0, text.length());
    if (length > limits.maxLength()) {
      throw new SelectionException(
          "Filter too long",
          "The filter has "
              + length
              + " characters; at most "
              + limits.maxLength()
              + " are allowed",
          source);
    }
    CelAbstractSyntaxTree ast;
    try {
      ast = compiler.compile(text).getAst();
    } catch (CelValidationException e) {
      String title = e.getMessage().contains("node limit") ? "Filter too large" : "Invalid filter";
      throw new SelectionException(title, e.getMessage(), source);
    }
    long cost = FilterCost.of(ast.getExpr(), limits.maxIterations());
    if (cost > limits.maxCost()) {
      throw new SelectionException(
          "Filter too costly",
          "The filter's estimated cost per record is "
              + (cost == Long.MAX_VALUE ? "unbounded" : Long.toString(cost))
              + "; at most "
              + limits.maxCost()
              + " is allowed (each comprehension counts its body "
              + limits.maxIterations()
              + " times)",
          source);
    }
    try {
      return new CompiledFilter(normalised(ast), cost, runtime.createProgram(ast));
    } catch (CelEvaluationException | CelValidationException | RuntimeException e) {
      throw new SelectionException("Invalid filter", e.getMessage(), source);
    }
  }

  /**
   * The expression as CEL prints it back, printed again from its own parse until it no longer
   * changes (the parser folds runs of {@code !} and {@code -}, so one round is not always stable):
   * the group key must be the same for a spelling and for its normalised text.
   */
  private String normalised(CelAbstractSyntaxTree ast) throws CelValidationException {
    String text = unparser.unparse(ast);
    for (int round = 0; round < 3; round++) {
      String again = unparser.unparse(compiler.parse(text).getAst());
      if (again.equals(text)) {
        break;
      }
      text = again;
    }
    return text;
  }
}
