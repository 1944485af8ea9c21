package dev.streamgate.stream.http;

import dev.streamgate.problem.ProblemException;
import dev.streamgate.problem.Problems;
import dev.streamgate.select.Evaluations;
import dev.streamgate.select.FilterCompiler;
import dev.streamgate.select.Selection;
import dev.streamgate.select.SelectionCache;
import dev.streamgate.select.SelectionException;
import dev.streamgate.select.SelectionLimits;
import dev.streamgate.stream.open.StreamRequest;
import dev.streamgate.tail.FilterConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;

/**
 * The pod's filters and projections ({@code filter=}, {@code fields=}, the caller's filter claim):
 * compiled once each through a bounded {@link SelectionCache}, refused as problem JSON before the
 * stream opens (400 for the request's own, 403 for the claim), and their evaluations as meters:
 * {@code streamgate.filter.evaluations{where=shared}} (once per record per selection on a topic's
 * reader) and {@code {where=stream}} (by one stream for itself: catch-up, and records older than
 * the selection on the pod). Called on the open pool; thread-safe.
 */
@ApplicationScoped
public class StreamSelections {

  private final SelectionCache cache;

  public StreamSelections(FilterConfig filter, MeterRegistry registry) {
    SelectionLimits limits =
        new SelectionLimits(
            filter.maxLength(),
            filter.maxNodes(),
            filter.maxCost(),
            filter.maxIterations(),
            filter.maxFields());
    Evaluations evaluations = new Evaluations();
    this.cache = new SelectionCache(new FilterCompiler(limits), filter.cacheSize(), evaluations);
    evaluationMeter(registry, evaluations, "shared", Evaluations::shared);
    evaluationMeter(registry, evaluations, "stream", Evaluations::perStream);
    FunctionCounter.builder("streamgate.filter.failures", evaluations, Evaluations::failed)
        .description(
            "Filter evaluations that failed (a missing field, a type that does not fit, too many"
                + " iterations); the record did not pass")
        .register(registry);
    Gauge.builder("streamgate.filter.compiled", cache, SelectionCache::size)
        .description("Distinct selections (claim, filter, fields) compiled and cached on this pod")
        .register(registry);
  }

  private static void evaluationMeter(
      MeterRegistry registry,
      Evaluations evaluations,
      String where,
      java.util.function.ToDoubleFunction<Evaluations> count) {
    FunctionCounter.builder("streamgate.filter.evaluations", evaluations, count)
        .description(
            "Selections evaluated on records: shared (by a topic's reader, once per record for all"
                + " the streams of a selection) or stream (by one stream for itself)")
        .tag("where", where)
        .register(registry);
  }

  /** The pod's evaluation counts. */
  public Evaluations evaluations() {
    return cache.evaluations();
  }

  /**
   * The request's own selection, checked before the caller is known (so its 400 comes before any
   * token is looked at).
   */
  Optional<Selection> request(StreamRequest request) {
    return of(Optional.empty(), request);
  }

  /** The stream's selection: the caller's filter claim ANDed with the request's filter, fields. */
  Optional<Selection> of(Optional<String> claim, StreamRequest request) {
    try {
      return cache.of(claim, request.filterText(), request.fields());
    } catch (SelectionException e) {
      if (e.source() == SelectionException.Source.CLAIM) {
        // The caller cannot fix its token's claim, and its text is not theirs to read.
        throw new ProblemException(
            403,
            "Caller filter refused",
            "The filter bound to your token is not a valid filter; ask its issuer",
            Map.of());
      }
      throw Problems.badRequest(e.title(), e.getMessage());
    }
  }
}
