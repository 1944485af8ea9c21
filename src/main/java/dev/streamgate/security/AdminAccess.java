package dev.streamgate.security;

import dev.streamgate.problem.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who may use the admin API ({@code /admin/streams}): a caller whose verified token, sent in the
 * {@code Authorization: Bearer} header, holds the configured role in the configured claim ({@code
 * streamgate.security.admin.*}).
 *
 * <p>With JWT off the admin API is not served at all (404): without tokens there is no way to tell
 * an operator from anyone who reaches the pod, and a switch to serve it anyway would be one more
 * door left open by mistake. The token is read from the header only, never a cookie (a page on
 * another site could make a browser send it) or the query (it would land in URLs).
 */
@ApplicationScoped
public class AdminAccess {

  private final Callers callers;
  private final boolean jwt;
  private final String roleClaim;
  private final String role;

  public AdminAccess(Callers callers, JwtConfig jwt, AdminConfig admin) {
    this.callers = callers;
    this.jwt = jwt.enabled();
    this.roleClaim = admin.roleClaim();
    this.role = admin.role();
  }

  /**
   * Checks that {@code request} comes from an admin. Blocking when the verification key is remote,
   * as {@link Callers#of}: call on a worker thread.
   *
   * @return the admin's subject, for the audit log ({@code "?"} when the token has none)
   * @throws ProblemException 404 with JWT off, 401 without a valid header token, 403 without the
   *     role
   */
  public String check(HttpServerRequest request) {
    if (!jwt) {
      throw new ProblemException(
          404,
          "Admin API off",
          "The admin API is served only with JWT authorization on"
              + " (streamgate.security.jwt.enabled=true), to callers with the admin role",
          Map.of());
    }
    JsonWebToken token = callers.bearerHeader(request);
    if (!Callers.claimValues(token, roleClaim).contains(role)) {
      throw new ProblemException(
          403,
          "Not an admin",
          "This token does not hold the admin role (streamgate.security.admin.role in the claim"
              + " streamgate.security.admin.role-claim)",
          Map.of());
    }
    String subject = token.getSubject();
    return subject == null ? "?" : subject;
  }
}
