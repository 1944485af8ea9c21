package dev.streamgate.select;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pod's compiled selections: each distinct (claim, filter, fields) is compiled once and kept in
 * a bounded cache. Overflow policy: least-recently-used eviction. An evicted selection stays valid
 * for the streams that hold it; the next request with the same text compiles it again, and its
 * streams still share evaluations with the older ones (topic readers group selections by {@link
 * Selection#key()}, not by instance). Refusals are not cached.
 *
 * <p>Thread-safe: look-ups under the cache's lock, compiling outside it (on the open pool).
 */
public final class SelectionCache {

  private final FilterCompiler compiler;
  private final Evaluations evaluations;
  private final Lru<String, CompiledFilter> filters;
  private final Lru<List<String>, Selection> selections;

  public SelectionCache(FilterCompiler compiler, int size, Evaluations evaluations) {
    this.compiler = compiler;
    this.evaluations = evaluations;
    this.filters = new Lru<>(size);
    this.selections = new Lru<>(size);
  }

  public Evaluations evaluations() {
    return evaluations;
  }

  /** Compiled selections held now. */
  public int size() {
    return selections.size();
  }

  /**
   * The selection of a stream, or empty when it selects everything.
   *
   * @param claim the caller's filter claim (its errors are blamed on the claim)
   * @param filter the request's {@code filter}
   * @param fields the request's {@code fields}
   * @throws SelectionException when one of them cannot be used
   */
  public Optional<Selection> of(
      Optional<String> claim, Optional<String> filter, Optional<String> fields) {
    if (claim.isEmpty() && filter.isEmpty() && fields.isEmpty()) {
      return Optional.empty();
    }
    List<String> key =
        List.of(claim.orElse("\u0000"), filter.orElse("\u0000"), fields.orElse("\u0000"));
    Selection cached = selections.get(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    List<CompiledFilter> compiled = new ArrayList<>(2);
    claim.ifPresent(text -> compiled.add(filter(text, SelectionException.Source.CLAIM)));
    filter.ifPresent(text -> compiled.add(filter(text, SelectionException.Source.REQUEST)));
    Projection projection =
        fields.map(f -> Projection.parse(f, compiler.limits().maxFields())).orElse(null);
    Selection selection = new Selection(compiled, projection, evaluations, claim.isPresent());
    selections.put(key, selection);
    return Optional.of(selection);
  }

  private CompiledFilter filter(String text, SelectionException.Source source) {
    CompiledFilter cached = filters.get(text);
    if (cached != null) {
      return cached;
    }
    CompiledFilter compiled = compiler.compile(text, source);
    filters.put(text, compiled);
    return compiled;
  }

  /** A bounded map in access order that drops its least recently used entry when full. */
  private static final class Lru<K, V> {

    private final Map<K, V> map;

    Lru(int capacity) {
      this.map =
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
              return size() > capacity;
            }
          };
    }

    synchronized V get(K key) {
      return map.get(key);
    }

    synchronized void put(K key, V value) {
      map.putIfAbsent(key, value);
    }

    synchronized int size() {
      return map.size();
    }
  }
}
