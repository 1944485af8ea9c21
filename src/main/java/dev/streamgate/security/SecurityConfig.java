package dev.streamgate.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

/**
 * Who may read and publish which topics, and the limits that keep one client from hurting others.
 *
 * <p>Topic access and connection limits. The allow-list always applies; JWT authorization and the
 * per-address limits are off until configured, so a plain install streams every allowed topic.
 *
 * <p>The allow-list is this mapping's one key; the security feature's groups are mappings of their
 * own, so that each class takes only the group it reads: {@link JwtConfig} ({@code
 * streamgate.security.jwt}), {@link LimitsConfig} ({@code .limits}), {@link TicketsConfig} ({@code
 * .tickets}) and {@link AdminConfig} ({@code .admin}).
 */
@ConfigMapping(prefix = "streamgate.security")
public interface SecurityConfig {

  /**
   * Topic allow-list: glob patterns ({@code *} any run of characters, {@code ?} one character,
   * everything else literal), e.g. {@code prices.*,orders.eu-?}. Every surface (stream path,
   * publish, topic listing) serves only topics matching one of them. Internal topics (any name
   * starting with {@code __}, and those Kafka flags internal) are never served whatever the
   * pattern.
   */
  @WithDefault("*")
  List<String> topics();
}
