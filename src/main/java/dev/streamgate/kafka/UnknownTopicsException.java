package dev.streamgate.kafka;

import dev.streamgate.problem.ProblemException;
import java.util.List;
import java.util.Map;

/** Some requested topics do not exist (or are internal topics, which are never served): 404. */
public class UnknownTopicsException extends ProblemException {

  private final List<String> topics;

  public UnknownTopicsException(List<String> topics) {
    super(404, "Unknown topic", "No such topic: " + String.join(", ", topics), Map.of());
    this.topics = List.copyOf(topics);
  }

  public List<String> topics() {
    return topics;
  }
}
