package dev.streamgate.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Optional JWT authorization of readers and publishers: JWT authorization (smallrye-jwt verifies
 * signature, issuer, audience and expiry).
 */
@ConfigMapping(prefix = "streamgate.security.jwt")
public interface JwtConfig {

  /**
   * Whether callers are authorized by JWT. The key, issuer and audience are the standard {@code
   * mp.jwt.verify.publickey.location} (PEM, JWK or JWKS, local or remote), {@code
   * mp.jwt.verify.publickey.algorithm} (RS256 default, or ES256), {@code mp.jwt.verify.issuer} and
   * {@code mp.jwt.verify.audiences}. Off by default: then every caller may read and publish every
   * allowed topic.
   */
  @WithDefault("false")
  boolean enabled();

  /**
   * How long before the caller's token expires its streams send a {@code token-expiring} control
   * event (with {@code expiresAt} and the id to resume from), so that a client renews the token and
   * reopens from that id before the stream ends at the token's {@code exp}. A token with less than
   * twice this left when the stream opens is announced halfway to its expiry, so that short-lived
   * tokens do not make their clients reconnect at once.
   */
  @WithDefault("60s")
  Duration expiryNotice();

  /**
   * Claim holding the topic patterns (array, or one space/comma separated string) a caller may
   * read.
   */
  @WithDefault("sg_sub")
  String subscribeClaim();

  /** Claim holding the topic patterns a caller may publish to. */
  @WithDefault("sg_pub")
  String publishClaim();

  /**
   * Claim holding a CEL filter (a string, e.g. {@code value.tenant == "acme"}) that every stream of
   * the caller carries, ANDed with the request's own {@code filter}: per-tenant rows on a shared
   * topic, which no request can widen. Stream tickets carry it too. A claim that is not a valid
   * filter is refused with 403. Unset: no claim is read. A token without the claim has no caller
   * filter, so an issuer that uses it must set it on every tenant's token.
   */
  Optional<String> filterClaim();

  /**
   * Cookie that may carry the token (for same-site dashboards whose EventSource sends cookies);
   * unset: cookies are not read.
   */
  Optional<String> cookie();

  /**
   * Whether the token may come as the {@code access_token} query parameter, which EventSource needs
   * since it cannot send headers. It is redacted from the access log pattern.
   */
  @WithDefault("true")
  boolean queryToken();

  /**
   * Topic patterns anyone may read without a token (still within {@link SecurityConfig#topics()}).
   * Anonymous callers never publish when JWT is on.
   */
  Optional<List<String>> anonymousRead();
}
