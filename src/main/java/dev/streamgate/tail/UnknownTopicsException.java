package dev.streamgate.tail;

import java.util.List;

/** Some requested topics do not exist (or are internal topics, which are never served). */
public class UnknownTopicsException extends RuntimeException {

  private final List<String> topics;

  public UnknownTopicsException(List<String> topics) {
    super("Unknown topics: " + topics);
    this.topics = List.copyOf(topics);
  }

  public List<String> topics() {
    return topics;
  }
}
