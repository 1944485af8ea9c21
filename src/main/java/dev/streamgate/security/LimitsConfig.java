package dev.streamgate.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * Per-client connection limits: limits per client address, answered 429 with Retry-After before a
 * stream opens.
 */
@ConfigMapping(prefix = "streamgate.security.limits")
public interface LimitsConfig {

  /** Most concurrent streams per client address; 0 turns the limit off. */
  @WithDefault("0")
  int maxStreamsPerAddress();

  /**
   * Stream connects per second allowed per client address (token bucket refill rate); 0 turns the
   * limit off.
   */
  @WithDefault("0")
  double connectRate();

  /** Connects a client address may make in a burst before {@link #connectRate()} applies. */
  @WithDefault("20")
  int connectBurst();

  /**
   * Proxies (CIDRs or single addresses, e.g. {@code 10.0.0.0/8,::1}) whose {@code X-Forwarded-For}
   * is believed; the client address is then the right-most entry that is not itself a trusted
   * proxy. From anyone else the header is ignored, so it cannot dodge a limit.
   */
  Optional<List<String>> trustedProxies();

  /**
   * Most client addresses whose connect rate is tracked at once; bounds the memory a flood of
   * distinct addresses can take. Beyond it, new addresses are refused until idle ones expire.
   */
  @WithDefault("100000")
  int maxTrackedAddresses();
}
