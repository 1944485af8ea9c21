package dev.streamgate.bench;

import picocli.CommandLine.Option;

/**
 * How the SSE clients connect ({@code run}, {@code capacity}; {@link SseClients}). The commands
 * differ in the defaults of {@code --connections} and {@code --connect-timeout}: each passes its
 * own, which picocli takes as the value when the option is not given.
 */
final class ClientOptions {

  @Option(names = "--connections")
  int connections;

  @Option(names = "--ready-on", defaultValue = "headers", description = "headers | event:<name>")
  String readyOn;

  @Option(names = "--connect-concurrency", defaultValue = "200")
  int connectConcurrency;

  @Option(names = "--connect-timeout", description = "seconds for the connect phase")
  int connectTimeout;

  @Option(names = "--threads", defaultValue = "2", description = "client event loop threads")
  int threads;

  ClientOptions(int connections, int connectTimeout) {
    this.connections = connections;
    this.connectTimeout = connectTimeout;
  }
}
