package dev.streamgate.security;

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

  private final SecurityConfig security;
  private final JwtConfig jwt;
  private final TicketsConfig tickets;
  private final AdminConfig admin;
  private final PublishSwitchConfig publish;

  public SecureDefaults(
      SecurityConfig security,
      JwtConfig jwt,
      TicketsConfig tickets,
      AdminConfig admin,
      PublishSwitchConfig publish) {
    this.security = security;
    this.jwt = jwt;
    this.tickets = tickets;
    this.admin = admin;
    this.publish = publish;
  }

  void atStart(@Observes StartupEvent start) {
    LOG.infof(
        "Security: JWT %s, stream tickets %s, publishing %s, admin API %s, topics %s",
        onOff(jwt.enabled()),
        onOff(tickets.enabled()),
        onOff(publish.enabled()),
        jwt.enabled()
            ? "on for role " + admin.role() + " in claim " + admin.roleClaim()
            : "off (needs JWT)",
        String.join(",", security.topics()));
    warnings(jwt, publish).forEach(LOG::warn);
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }

  /** The risks these settings take, as the warnings say them. */
  static List<String> warnings(JwtConfig jwt, PublishSwitchConfig publish) {
    List<String> warnings = new ArrayList<>();
    if (publish.enabled() && !jwt.enabled()) {
      warnings.add(
          "Publishing is on (streamgate.publish.enabled=true) without JWT"
              + " (streamgate.security.jwt.enabled=false): anyone who reaches this pod may publish"
              + " to every topic of streamgate.security.topics");
    }
    return warnings;
  }
}
