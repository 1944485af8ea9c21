package dev.streamgate.dashboard;

import dev.streamgate.problem.ProblemException;
import dev.streamgate.security.TestTokens;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Test sources only: {@code GET /test/token?seconds=4} mints a token from the tests' issuer (read
 * all topics, expiring in that many seconds), standing in for a page's identity provider. Answers
 * only in profiles that set {@code streamgate.test.token-mint=true}.
 */
@Path("/test/token")
public class TestTokenMint {

  @ConfigProperty(name = "streamgate.test.token-mint", defaultValue = "false")
  boolean enabled;

  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public String mint(@RestQuery int seconds) {
    if (!enabled) {
      throw new ProblemException(404, "Not found", "No token mint here", Map.of());
    }
    return TestTokens.sign(
        TestTokens.claims(List.of("*"), List.of()).expiresAt(Instant.now().plusSeconds(seconds)));
  }
}
