package dev.streamgate.testing;

/** The Kafka broker the tests run against (see {@link TestBrokers}). */
public interface TestBroker extends AutoCloseable {

  /** The {@code host:port} list clients connect to. */
  String bootstrapServers();
}
