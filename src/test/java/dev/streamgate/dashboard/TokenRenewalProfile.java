package dev.streamgate.dashboard;

import dev.streamgate.security.TestTokens;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** JWT and stream tickets on, no query tokens, and the test token mint ({@link TestTokenMint}). */
public class TokenRenewalProfile implements QuarkusTestProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.ofEntries(
        Map.entry("streamgate.security.jwt.enabled", "true"),
        Map.entry("streamgate.security.jwt.query-token", "false"),
        Map.entry("mp.jwt.verify.publickey", TestTokens.publicKeyPem()),
        Map.entry("mp.jwt.verify.issuer", TestTokens.ISSUER),
        Map.entry("mp.jwt.verify.audiences", TestTokens.AUDIENCE),
        Map.entry("mp.jwt.verify.clock.skew", "0"),
        Map.entry("streamgate.security.tickets.enabled", "true"),
        Map.entry("streamgate.security.tickets.key", "token-renewal-profile-key-0123456789abcdef"),
        Map.entry("streamgate.test.token-mint", "true"));
  }
}
