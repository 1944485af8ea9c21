package dev.streamgate.bench;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * What a result line is filed under ({@code run}, {@code capacity}, {@code floor}). Each command
 * passes its own defaults, which picocli takes as the value when the option is not given.
 */
final class ResultOptions {

  @Option(names = "--system")
  String system;

  @Option(names = "--scenario")
  String scenario;

  ResultOptions(String system, String scenario) {
    this.system = system;
    this.scenario = scenario;
  }

  /** A result's first fields: system, scenario, time (now), url, connectionsRequested. */
  Map<String, Object> begin(String url, int connectionsRequested) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("system", system);
    r.put("scenario", scenario);
    r.put("time", Instant.now().toString());
    r.put("url", url);
    r.put("connectionsRequested", connectionsRequested);
    return r;
  }
}
