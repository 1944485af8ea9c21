package dev.streamgate.tail;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A window of 50 records and a short linger, so tests can push clients out of it quickly. */
public class SmallWindowProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "streamgate.tail.window-records", "50",
        "streamgate.tail.linger", "1s",
        "streamgate.tail.metadata-refresh", "1s",
        "streamgate.stream.max-batch-bytes", "16384");
  }
}
