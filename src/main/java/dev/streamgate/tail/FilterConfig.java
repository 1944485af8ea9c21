package dev.streamgate.tail;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Server-side filters ({@code filter=}, a CEL expression) and projections ({@code fields=}).
 *
 * <p>Limits of the {@code filter} (CEL) and {@code fields} query parameters and of the caller's
 * filter claim. A filter or projection over a limit is refused with 400 (403 for a claim) and the
 * compiler's message before the stream opens. Each distinct selection is compiled once per pod and
 * evaluated once per record on the topic's reader, whatever the number of streams sharing it
 * (docs/api.md#filters-and-projection).
 *
 * <p>Declared here, not in {@code select}: that package is pure (no framework), and the topic
 * readers bound their selections by {@link #maxPerTopic()}; the stream's edge reads the rest.
 */
@ConfigMapping(prefix = "streamgate.filter")
public interface FilterConfig {

  /** Longest filter expression, in characters. */
  @WithDefault("1024")
  int maxLength();

  /**
   * Most nodes in a filter's syntax tree (its size: every literal, name, operator and call counts
   * one). Checked by CEL's parser.
   */
  @WithDefault("200")
  int maxNodes();

  /**
   * Highest estimated cost of one evaluation: the syntax-tree nodes it may visit, a comprehension
   * ({@code all}, {@code exists}, {@code map}, {@code filter}) counting its body {@link
   * #maxIterations()} times, nested ones multiplying. With the defaults one comprehension over a
   * list passes and two nested ones do not.
   */
  @WithDefault("10000")
  long maxCost();

  /**
   * Most iterations of one comprehension on one record; beyond it that evaluation fails and the
   * record does not pass (CEL's {@code comprehensionMaxIterations}).
   */
  @WithDefault("100")
  int maxIterations();

  /** Most field paths in a {@code fields} projection. */
  @WithDefault("32")
  int maxFields();

  /**
   * Distinct compiled selections (claim, filter, fields) a pod keeps. Overflow policy: the least
   * recently used is dropped; streams using it keep it, and the next request with its text compiles
   * it again.
   */
  @WithDefault("1024")
  int cacheSize();

  /**
   * Most distinct selections the streams of one topic may use at once on a pod (each is evaluated
   * once per record on the topic's reader thread). A stream that would add one more is refused with
   * 503 and Retry-After before it opens; streams sharing a selection already in use are not.
   */
  @WithDefault("64")
  int maxPerTopic();
}
