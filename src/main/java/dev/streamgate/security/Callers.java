package dev.streamgate.security;

import dev.streamgate.problem.Problems;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Finds and verifies the caller's token: {@code Authorization: Bearer}, else the configured cookie,
 * else the {@code access_token} query parameter (EventSource cannot send headers). Verification
 * (signature, issuer, audience, expiry) is smallrye-jwt's, configured by the standard {@code
 * mp.jwt.verify.*} keys.
 *
 * <p>A token that is present but not valid is a 401 even on a topic anonymous callers may read: the
 * client meant to authenticate and must learn that its token needs renewing. Neither the token nor
 * the verifier's message (which may quote claims) is ever logged or returned.
 */
@ApplicationScoped
public class Callers {

  private static final Logger LOG = Logger.getLogger(Callers.class);

  /** Longest token looked at; anything longer is refused unparsed. */
  static final int MAX_TOKEN_LENGTH = 8192;

  private final JWTParser parser;
  private final Tickets tickets;
  private final JwtConfig config;
  private final TopicPatterns anonymousRead;

  public Callers(JWTParser parser, Tickets tickets, JwtConfig config) {
    this.parser = parser;
    this.tickets = tickets;
    this.config = config;
    this.anonymousRead = TopicPatterns.of(config.anonymousRead().orElse(List.of()));
  }

  /**
   * The caller of {@code request}. Blocking when the verification key is remote (a JWKS URL is
   * fetched and cached by smallrye-jwt): call on a worker thread.
   *
   * @throws dev.streamgate.problem.ProblemException 401 for a token that is present but invalid
   */
  public Caller of(HttpServerRequest request) {
    if (!config.enabled()) {
      return Caller.unrestricted();
    }
    Optional<String> token = token(request);
    if (token.isEmpty()) {
      return Caller.anonymous(anonymousRead);
    }
    return verify(token.get());
  }

  /**
   * The caller of a stream request: as {@link #of}, except that a {@code ticket} query parameter,
   * when present, is the only credential looked at. Redeeming spends the ticket on this pod, even
   * when the stream is then refused (for a topic outside the ticket, say). Blocking, as {@link
   * #of}.
   *
   * @throws dev.streamgate.problem.ProblemException 401 for a ticket that is invalid, expired or
   *     used, or when this service takes no tickets; 503 when the used-ticket store is full
   */
  public Caller ofStream(HttpServerRequest request) {
    String ticket = request.getParam("ticket");
    if (ticket == null || !config.enabled()) {
      return of(request);
    }
    if (!tickets.enabled()) {
      throw Problems.unauthorized("This service does not accept stream tickets");
    }
    return tickets.redeem(ticket);
  }

  /**
   * Whether finding the caller of this stream request may block or spend something: JWT is on and
   * the request carries a ticket or a token. When false, {@link #ofStream} only reads the request.
   */
  public boolean mayVerify(HttpServerRequest request) {
    return config.enabled() && (request.getParam("ticket") != null || token(request).isPresent());
  }

  private Optional<String> token(HttpServerRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.of(authorization.substring(7).strip());
    }
    if (config.cookie().isPresent()) {
      Cookie cookie = request.getCookie(config.cookie().get());
      if (cookie != null && !cookie.getValue().isBlank()) {
        return Optional.of(cookie.getValue());
      }
    }
    if (config.queryToken()) {
      String query = request.getParam("access_token");
      if (query != null && !query.isBlank()) {
        return Optional.of(query);
      }
    }
    return Optional.empty();
  }

  private Caller verify(String token) {
    JsonWebToken jwt = parse(token);
    return new Caller(
        true,
        Optional.ofNullable(jwt.getSubject()),
        TopicPatterns.of(claimValues(jwt, config.subscribeClaim())),
        TopicPatterns.of(claimValues(jwt, config.publishClaim())),
        Optional.of(Instant.ofEpochSecond(jwt.getExpirationTime())),
        filter(jwt));
  }

  /**
   * The verified token of the {@code Authorization: Bearer} header alone (no cookie, no query), for
   * the admin API. Blocking, as {@link #of}; JWT must be on.
   *
   * @throws dev.streamgate.problem.ProblemException 401 when the header is missing or its token is
   *     not valid
   */
  JsonWebToken bearerHeader(HttpServerRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw Problems.unauthorized("Send an access token as Authorization: Bearer");
    }
    return parse(authorization.substring(7).strip());
  }

  private JsonWebToken parse(String token) {
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw Problems.unauthorized("The access token is too long");
    }
    JsonWebToken jwt;
    try {
      jwt = parser.parse(token);
    } catch (ParseException | RuntimeException e) {
      LOG.debugf("Refused a token: %s", e.getClass().getSimpleName());
      throw Problems.unauthorized(
          "The access token is not valid: bad signature, wrong issuer or audience, or expired");
    }
    if (!Instant.ofEpochSecond(jwt.getExpirationTime()).isAfter(Instant.now())) {
      // smallrye-jwt tolerates clock skew; a stream would end at once, so refuse it plainly.
      throw Problems.unauthorized("The access token has expired");
    }
    return jwt;
  }

  /**
   * The caller's filter claim, when one is configured and the token has it. A claim that is not a
   * string cannot be a filter: it is kept as an empty text, which no stream compiles (403), rather
   * than dropped, which would widen the caller's rows.
   */
  private Optional<String> filter(JsonWebToken jwt) {
    if (config.filterClaim().isEmpty() || !jwt.containsClaim(config.filterClaim().get())) {
      return Optional.empty();
    }
    Object value = jwt.getClaim(config.filterClaim().get());
    if (value instanceof JsonString s) {
      return Optional.of(s.getString());
    }
    return Optional.of(value instanceof String s ? s : "");
  }

  /**
   * A claim's strings: a JSON array of strings, or one string split on spaces and commas; none when
   * the claim is absent or of another type.
   */
  static List<String> claimValues(JsonWebToken jwt, String claim) {
    Object value = jwt.getClaim(claim);
    List<String> values = new ArrayList<>();
    if (value instanceof JsonArray array) {
      for (JsonValue item : array) {
        if (item instanceof JsonString s) {
          values.add(s.getString());
        }
      }
    } else if (value instanceof JsonString s) {
      values.addAll(List.of(s.getString().split("[\\s,]+")));
    } else if (value instanceof String s) {
      values.addAll(List.of(s.split("[\\s,]+")));
    } else if (value instanceof Iterable<?> items) {
      items.forEach(item -> values.add(String.valueOf(item)));
    }
    return values;
  }
}
