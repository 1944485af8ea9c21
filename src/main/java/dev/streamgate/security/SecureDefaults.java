package dev.streamgate.security;

import dev.streamgate.config.StreamgateConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Says at start, once, when the pod runs with a door open that the defaults keep shut: today the
 * publish endpoint on without JWT, which lets anyone who reaches the pod write to every allowed
 * topic. One WARN per risk, never repeated, so it is seen and not drowned.
 */
@ApplicationScoped
public class SecureDefaults {

  private static final Logger LOG = Logger.getLogger(SecureDefaults.class);

  private final StreamgateConfig config;

  public SecureDefaults(StreamgateConfig config) {
    this.config = config;
  }

  void atStart(@Observes StartupEvent start) {
    boolean jwt = config.security().jwt().enabled();
    LOG.infof(
        "Security: JWT %s, stream tickets %s, publishing %s, admin API %s, topics %s",
        onOff(jwt),
        onOff(config.security().tickets().enabled()),
        onOff(config.publish().enabled()),
        jwt
            ? "on for role "
                + config.security().admin().role()
                + " in claim "
                + config.security().admin().roleClaim()
            : "off (needs JWT)",
        String.join(",", config.security().topics()));
    warnings(config).forEach(LOG::warn);
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }

  /** The risks these settings take, as the warnings say them. */
  static List<String> warnings(StreamgateConfig config) {
    List<String> warnings = new ArrayList<>();
    if (config.publish().enabled() && !config.security().jwt().enabled()) {
      warnings.add(
          "Publishing is on (streamgate.publish.enabled=true) without JWT"
              + " (streamgate.security.jwt.enabled=false): anyone who reaches this pod may publish"
              + " to every topic of streamgate.security.topics");
    }
    return warnings;
  }
}
