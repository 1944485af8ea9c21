package dev.streamgate.stream.pod;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A two-second drain in four waves. */
public class DrainProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("streamgate.shutdown.drain-period", "2s", "streamgate.shutdown.waves", "4");
  }
}
