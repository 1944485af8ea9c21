package dev.streamgate.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Who may use the admin API, {@code GET/DELETE /admin/streams}.
 *
 * <p>The admin API ({@code GET /admin/streams}: this pod's open streams; {@code DELETE}: close
 * streams with a {@code revoked} event). It is served only with JWT on ({@link
 * JwtConfig#enabled()}): without JWT there is no way to tell an operator from anyone else, so every
 * admin call is a 404. With JWT on, a caller needs a token sent in the {@code Authorization:
 * Bearer} header (never a cookie or the query, so a page on another site cannot make a browser send
 * it and no admin token lands in a URL) whose {@link #roleClaim()} holds {@link #role()}.
 */
@ConfigMapping(prefix = "streamgate.security.admin")
public interface AdminConfig {

  /**
   * Top-level token claim that lists the caller's roles: a JSON array of strings, or one string of
   * roles separated by spaces or commas. A token without it, or without {@link #role()} in it, is
   * refused with 403.
   */
  @WithDefault("roles")
  String roleClaim();

  /** The role, in {@link #roleClaim()}, that lets a caller list and close streams. */
  @WithDefault("streamgate-admin")
  String role();
}
