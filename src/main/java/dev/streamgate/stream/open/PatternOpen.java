package dev.streamgate.stream.open;

import dev.streamgate.cursor.CursorDecoding;
import dev.streamgate.kafka.TopicCatalog;
import dev.streamgate.kafka.TopicDirectory;
import dev.streamgate.kafka.TopicSnapshot;
import dev.streamgate.kafka.UnknownTopicsException;
import dev.streamgate.pattern.TopicMatch;
import dev.streamgate.problem.ProblemException;
import dev.streamgate.problem.Problems;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The topics a pattern stream opens with: its plain names, and the topics its patterns match among
 * those that exist (the pod's {@link TopicDirectory} listing, plus the topics of the client's id
 * that still match, asked about directly so that a lagging listing cannot drop them) and that the
 * caller may read. Blocking (Kafka look-ups): on the open pool.
 *
 * @param snapshots the stream's topics as Kafka describes them now, plain names first
 * @param skipped matching topics beyond {@code max-topics}, left out of a resumed stream (a new
 *     stream above the bound is refused instead)
 */
record PatternOpen(Map<String, TopicSnapshot> snapshots, List<String> skipped) {

  private static TopicMatch.Resolution resolve(
      TopicMatch match,
      Set<String> listing,
      Predicate<String> readable,
      Set<String> preferred,
      int maxTopics) {
    Set<String> listed = new HashSet<>(listing);
    preferred.stream().filter(t -> match.matches(t, readable)).forEach(listed::add);
    return match.resolve(listed, readable, preferred, maxTopics);
  }

  static PatternOpen resolve(
      TopicMatch match,
      Optional<CursorDecoding> id,
      Predicate<String> readable,
      int maxTopics,
      TopicDirectory directory,
      TopicCatalog catalog) {
    Set<String> preferred =
        id.isPresent() && id.get() instanceof CursorDecoding.Valid valid
            ? valid.cursor().topicNames()
            : Set.of();
    TopicMatch.Resolution resolution =
        resolve(match, directory.listed(), readable, preferred, maxTopics);
    if (resolution.topics().size() == match.names().size()) {
      resolution = resolve(match, directory.listedNow(), readable, preferred, maxTopics);
    }
    if (!resolution.skipped().isEmpty() && id.isEmpty()) {
      throw Problems.badRequest(
          "Too many topics",
          "The stream's patterns match "
              + (resolution.topics().size() + resolution.skipped().size())
              + " topics; a stream may read at most "
              + maxTopics
              + ": use a narrower pattern");
    }
    Map<String, TopicSnapshot> found = new HashMap<>();
    catalog.snapshotExisting(resolution.topics()).forEach(s -> found.put(s.topic(), s));
    List<String> missing = match.names().stream().filter(t -> !found.containsKey(t)).toList();
    if (!missing.isEmpty()) {
      throw new UnknownTopicsException(missing);
    }
    if (found.isEmpty()) {
      throw new ProblemException(
          404,
          "No matching topic",
          "No topic you may read matches " + match.globs().get(0).text() + " yet",
          Map.of());
    }
    Map<String, TopicSnapshot> snapshots = new LinkedHashMap<>();
    resolution.topics().stream()
        .filter(found::containsKey)
        .forEach(t -> snapshots.put(t, found.get(t)));
    return new PatternOpen(snapshots, resolution.skipped());
  }
}
