package dev.streamgate.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Stream tickets, {@code POST /tickets}: a bearer token exchanged for a one-use URL ticket.
 *
 * <p>Stream tickets: short-lived, topic-scoped, single-use (per pod) credentials for {@code
 * ?ticket=}, so a long-lived bearer token never travels in a URL. Signed with HMAC-SHA256 under
 * {@link #key()}, so every pod that shares the key accepts them (docs/security.md#stream-tickets).
 */
@ConfigMapping(prefix = "streamgate.security.tickets")
public interface TicketsConfig {

  /**
   * Whether {@code POST /tickets} issues tickets and streams accept {@code ?ticket=}. Needs JWT on
   * and a {@link #key()}: the pod refuses to start otherwise, rather than generate a key of its own
   * that no other pod would share.
   */
  @WithDefault("false")
  boolean enabled();

  /**
   * The HMAC-SHA256 key, at least 32 characters (e.g. {@code openssl rand -base64 48}), the same on
   * every pod: in Kubernetes a Secret ({@code STREAMGATE_SECURITY_TICKETS_KEY}).
   */
  Optional<String> key();

  /**
   * How long a ticket may be used to open a stream (never past its token's expiry). Short, because
   * another pod that has not seen a ticket used would accept it within this time.
   */
  @WithDefault("30s")
  Duration ttl();

  /**
   * How many used tickets a pod remembers (each until it expires) to refuse replays: about 150
   * bytes each. When full, a new ticket's use is refused with 503 and Retry-After rather than a
   * used one forgotten.
   */
  @WithDefault("100000")
  int maxSpent();
}
