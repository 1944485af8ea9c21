package dev.streamgate.tail;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Streams that live about two seconds, so tests see several lifetime expiries. */
public class ShortLifetimeProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "streamgate.stream.max-lifetime", "2s",
        "streamgate.stream.lifetime-jitter", "500ms");
  }
}
