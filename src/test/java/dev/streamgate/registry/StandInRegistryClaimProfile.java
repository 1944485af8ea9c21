package dev.streamgate.registry;

import dev.streamgate.security.FilterClaimProfile;
import java.util.HashMap;
import java.util.Map;

/** Decoding against the stand-in registry with JWT and the caller's filter claim on. */
public class StandInRegistryClaimProfile extends StandInRegistryProfile {

  @Override
  public Map<String, String> getConfigOverrides() {
    Map<String, String> all = new HashMap<>(super.getConfigOverrides());
    all.putAll(new FilterClaimProfile().getConfigOverrides());
    return all;
  }
}
