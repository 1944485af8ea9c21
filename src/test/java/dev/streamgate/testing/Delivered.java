package dev.streamgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A record as a client received it: where it came from in Kafka. */
public record Delivered(String topic, int partition, long offset) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads the envelope JSON of an event in {@code format=envelope}. */
  public static Delivered fromEnvelope(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      return new Delivered(
          node.get("topic").asText(), node.get("partition").asInt(), node.get("offset").asLong());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses "topic/partition/offset". */
  public static Delivered parse(String text) {
    String[] parts = text.split("/");
    return new Delivered(parts[0], Integer.parseInt(parts[1]), Long.parseLong(parts[2]));
  }

  public static List<Delivered> parseAll(List<String> texts) {
    return texts.stream().map(Delivered::parse).toList();
  }

  /**
   * Asserts the exactly-once promise: together the sessions hold every expected record, none twice,
   * and within each session every partition's offsets increase.
   */
  public static void assertExactlyOnce(List<Delivered> expected, List<List<Delivered>> sessions) {
    List<Delivered> all = new ArrayList<>();
    for (List<Delivered> session : sessions) {
      assertPartitionOrder(session);
      all.addAll(session);
    }
    Set<Delivered> seen = new HashSet<>();
    List<Delivered> duplicates = all.stream().filter(d -> !seen.add(d)).toList();
    if (!duplicates.isEmpty()) {
      throw new AssertionError("Duplicates: " + duplicates);
    }
    Set<Delivered> missing = new HashSet<>(expected);
    missing.removeAll(seen);
    if (!missing.isEmpty()) {
      throw new AssertionError("Missing (gap): " + sorted(missing));
    }
    Set<Delivered> extra = new HashSet<>(seen);
    expected.forEach(extra::remove);
    if (!extra.isEmpty()) {
      throw new AssertionError("Unexpected records: " + sorted(extra));
    }
  }

  /** Asserts that each partition's offsets strictly increase in delivery order. */
  public static void assertPartitionOrder(List<Delivered> session) {
    Map<String, Long> last = new HashMap<>();
    for (Delivered d : session) {
      String key = d.topic() + "/" + d.partition();
      Long previous = last.put(key, d.offset());
      if (previous != null && previous >= d.offset()) {
        throw new AssertionError(
            "Out of order on " + key + ": " + previous + " then " + d.offset());
      }
    }
  }

  private static String sorted(Set<Delivered> records) {
    return records.stream().map(Delivered::toString).sorted().collect(Collectors.joining(", "));
  }
}
