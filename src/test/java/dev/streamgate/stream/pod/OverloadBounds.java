package dev.streamgate.stream.pod;

import dev.streamgate.testing.SmallSendBuffers;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A write budget a dozen streams spend in a test: 256 KiB, batches of at most 16 KiB, a slow client
 * after 4 s without a write (the saturation lasts long enough to be asked about), a recovery of 1 s
 * and a Retry-After of 2 to 4 s; connections have a small kernel send buffer ({@link
 * SmallSendBuffers}), so that what a client does not read waits in the pod, as it would behind a
 * real network.
 */
public class OverloadBounds implements QuarkusTestProfile {

  public static final int BUDGET = 256 * 1024;
  public static final int RETRY_AFTER_MIN = 2;
  public static final int RETRY_AFTER_MAX = 4;

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.ofEntries(
        Map.entry("streamgate.overload.write-budget", "" + BUDGET),
        Map.entry("streamgate.overload.recovery", "1s"),
        Map.entry("streamgate.overload.retry-after", RETRY_AFTER_MIN + "s"),
        Map.entry(
            "streamgate.overload.retry-after-jitter", (RETRY_AFTER_MAX - RETRY_AFTER_MIN) + "s"),
        Map.entry("streamgate.stream.max-batch-bytes", "16384"),
        Map.entry("streamgate.stream.slow-client-timeout", "4s"),
        // counted per address too, so that a refusal is seen to give the address's slot back
        Map.entry("streamgate.security.limits.max-streams-per-address", "100"),
        // a fixed 16 KiB kernel buffer per connection: what a client does not read waits in the pod
        Map.entry(SmallSendBuffers.PROPERTY, "16384"));
  }
}
