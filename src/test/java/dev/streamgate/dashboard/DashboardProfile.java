package dev.streamgate.dashboard;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The demo feed on, and streams that end after a few seconds with a reconnect delay long enough for
 * the page's "reconnecting" state to be seen: every test run shows the dashboard resuming.
 */
public class DashboardProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "streamgate.demo.enabled", "true",
        "streamgate.demo.rate", "20",
        "streamgate.stream.max-lifetime", "4s",
        "streamgate.stream.lifetime-jitter", "1s",
        "streamgate.stream.retry", "1s",
        "streamgate.stream.retry-jitter", "200ms");
  }
}
