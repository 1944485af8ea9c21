package dev.streamgate.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The service as a production install would run it: an allow-list, JWT on (with anonymous read of
 * {@code sec-public-*}), per-address and connect-rate limits behind a trusted proxy (the tests'
 * 127.0.0.1, so each test names its own client address in {@code X-Forwarded-For}), a CORS
 * allow-list, the access log, publishing and stream tickets on. One profile for all of it: each
 * profile restarts Quarkus.
 */
public class HardenedProfile implements QuarkusTestProfile {

  public static final String ALLOWED_ORIGIN = "https://dashboard.streamgate.test";
  public static final int PER_ADDRESS = 3;
  public static final int BURST = 6;
  public static final double RATE = 0.2;
  public static final String TICKET_KEY = "hardened-profile-ticket-key-0123456789abcdef";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.ofEntries(
        Map.entry("streamgate.security.topics", "sec-*,__consumer_offsets"),
        Map.entry("streamgate.security.jwt.enabled", "true"),
        Map.entry("streamgate.security.jwt.cookie", "sg_token"),
        Map.entry("streamgate.security.jwt.anonymous-read", "sec-public-*"),
        Map.entry("mp.jwt.verify.publickey", TestTokens.publicKeyPem()),
        Map.entry("mp.jwt.verify.issuer", TestTokens.ISSUER),
        Map.entry("mp.jwt.verify.audiences", TestTokens.AUDIENCE),
        Map.entry("mp.jwt.verify.clock.skew", "0"),
        Map.entry("streamgate.security.limits.max-streams-per-address", "" + PER_ADDRESS),
        Map.entry("streamgate.security.limits.connect-rate", "" + RATE),
        Map.entry("streamgate.security.limits.connect-burst", "" + BURST),
        Map.entry("streamgate.security.limits.trusted-proxies", "127.0.0.0/8,::1"),
        Map.entry("quarkus.http.cors.origins", ALLOWED_ORIGIN),
        Map.entry("quarkus.http.access-log.enabled", "true"),
        Map.entry("streamgate.publish.enabled", "true"),
        Map.entry("streamgate.security.tickets.enabled", "true"),
        Map.entry("streamgate.security.tickets.key", TICKET_KEY),
        Map.entry("quarkus.http.idle-timeout", "3s"));
  }
}
