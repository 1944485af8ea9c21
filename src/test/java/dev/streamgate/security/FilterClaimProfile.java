package dev.streamgate.security;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * JWT on with a filter claim ({@code sg_filter}), stream tickets on, and at most two distinct
 * selections per topic, so that the bound is reached with a handful of streams.
 */
public class FilterClaimProfile implements QuarkusTestProfile {

  public static final String CLAIM = "sg_filter";
  public static final int MAX_PER_TOPIC = 2;

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.ofEntries(
        Map.entry("streamgate.security.topics", "claim-*"),
        Map.entry("streamgate.security.jwt.enabled", "true"),
        Map.entry("streamgate.security.jwt.filter-claim", CLAIM),
        Map.entry("mp.jwt.verify.publickey", TestTokens.publicKeyPem()),
        Map.entry("mp.jwt.verify.issuer", TestTokens.ISSUER),
        Map.entry("mp.jwt.verify.audiences", TestTokens.AUDIENCE),
        Map.entry("streamgate.security.tickets.enabled", "true"),
        Map.entry("streamgate.security.tickets.key", HardenedProfile.TICKET_KEY),
        Map.entry("streamgate.filter.max-per-topic", "" + MAX_PER_TOPIC));
  }
}
