package dev.streamgate.stream.open;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Bounds that a handful of opens reach: two selection groups and two conflation groups per topic,
 * twelve streams per pod, three per address, ids of at most 400 characters (a topic of 40
 * partitions is too wide for one stream). Readers never learn of added partitions by themselves
 * (the metadata check runs hourly), so a topic grown under a running reader is one whose snapshot
 * the reader cannot serve yet.
 */
public class OpenBounds implements QuarkusTestProfile {

  static final int MAX_STREAMS = 12;
  static final int PER_ADDRESS = 3;

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "streamgate.filter.max-per-topic", "2",
        "streamgate.conflate.max-per-topic", "2",
        "streamgate.stream.max-streams", "" + MAX_STREAMS,
        "streamgate.security.limits.max-streams-per-address", "" + PER_ADDRESS,
        "streamgate.stream.max-id-length", "400",
        "streamgate.tail.metadata-refresh", "1h");
  }
}
