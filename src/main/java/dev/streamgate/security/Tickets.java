package dev.streamgate.security;

import dev.streamgate.cursor.TopicNames;
import dev.streamgate.problem.ProblemException;
import dev.streamgate.problem.Problems;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Issues and redeems stream tickets (docs/security.md#stream-tickets). A ticket is signed, so any
 * pod with the same key redeems it; it is single-use only on the pod that saw it used (the per-pod
 * {@link SpentTickets}), which is why its ttl is short and its topics are narrowed.
 *
 * <p>Built at start ({@link Startup}): with tickets on and no usable key, or with JWT off, the pod
 * refuses to start. It never makes up a key, which would make each pod refuse the others' tickets
 * without a word.
 */
@Startup
@ApplicationScoped
public class Tickets {

  private final Optional<TicketCodec> codec;
  private final SpentTickets spent;
  private final Duration ttl;
  private final int maxTopics;
  private final TopicAccess access;
  private final LongSupplier clock;
  private final SecureRandom random = new SecureRandom();

  @Inject
  public Tickets(TicketsConfig tickets, JwtConfig jwt, MaxTopicsConfig topics, TopicAccess access) {
    this(tickets, jwt, topics, access, System::currentTimeMillis);
  }

  Tickets(
      TicketsConfig tickets,
      JwtConfig jwt,
      MaxTopicsConfig topics,
      TopicAccess access,
      LongSupplier clockMillis) {
    this.codec = codec(tickets, jwt.enabled());
    this.spent = new SpentTickets(tickets.maxSpent(), clockMillis);
    this.ttl = tickets.ttl();
    this.maxTopics = topics.maxTopics();
    this.access = access;
    this.clock = clockMillis;
  }

  /** The codec for these settings, or why the pod must not start. */
  static Optional<TicketCodec> codec(TicketsConfig tickets, boolean jwt) {
    if (!tickets.enabled()) {
      return Optional.empty();
    }
    if (!jwt) {
      throw new IllegalStateException(
          "streamgate.security.tickets.enabled=true needs streamgate.security.jwt.enabled=true:"
              + " a ticket is exchanged for a bearer token");
    }
    byte[] key =
        tickets.key().map(k -> k.strip().getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
    if (key.length < TicketCodec.MIN_KEY_BYTES) {
      throw new IllegalStateException(
          "streamgate.security.tickets.key (STREAMGATE_SECURITY_TICKETS_KEY) must be set to at"
              + " least "
              + TicketCodec.MIN_KEY_BYTES
              + " characters, the same on every pod, when tickets are enabled");
    }
    return Optional.of(new TicketCodec(key));
  }

  public boolean enabled() {
    return codec.isPresent();
  }

  /** A signed ticket for {@code topics}, which {@code caller} (a verified token) may all read. */
  public Issued issue(Caller caller, List<String> topics) {
    TicketCodec signer = codec.orElseThrow(Tickets::off);
    if (!caller.authenticated() || caller.expiresAt().isEmpty()) {
      throw Problems.unauthorized("A bearer token is needed to get a stream ticket");
    }
    List<String> names = names(topics);
    access.checkRead(caller, names);
    Instant now = Instant.ofEpochMilli(clock.getAsLong());
    Instant tokenExpiry = caller.expiresAt().get();
    Instant expiresAt = now.plus(ttl);
    if (tokenExpiry.isBefore(expiresAt)) {
      expiresAt = tokenExpiry;
    }
    byte[] id = new byte[16];
    random.nextBytes(id);
    StreamTicket ticket =
        new StreamTicket(
            Base64.getUrlEncoder().withoutPadding().encodeToString(id),
            caller.subject().orElse(""),
            names,
            tokenExpiry,
            expiresAt,
            caller.filter());
    return new Issued(signer.sign(ticket), expiresAt);
  }

  /** A ticket and when it stops opening streams. */
  public record Issued(String ticket, Instant expiresAt) {}

  /**
   * The caller a ticket stands for, spending it on this pod: it may read the ticket's topics only,
   * until its token's expiry.
   *
   * @throws ProblemException 401 for a ticket that is forged, expired or already used here, or when
   *     tickets are off; 503 when the used-ticket store is full
   */
  public Caller redeem(String text) {
    TicketCodec verifier = codec.orElseThrow(Tickets::off);
    StreamTicket ticket =
        verifier
            .verify(text)
            .orElseThrow(() -> Problems.unauthorized("The stream ticket is not valid"));
    long now = clock.getAsLong();
    if (now > ticket.expiresAt().toEpochMilli()) {
      throw Problems.unauthorized("The stream ticket has expired; get a new one");
    }
    switch (spent.spend(ticket.id(), ticket.expiresAt().toEpochMilli())) {
      case REPLAYED -> throw Problems.unauthorized("The stream ticket was already used");
      case FULL ->
          throw new ProblemException(
              503,
              "Too many tickets in use",
              "This pod cannot take more stream tickets right now; retry shortly",
              Map.of(
                  "Retry-After",
                  Long.toString(Math.max(1, (spent.millisUntilRoom() + 999) / 1000))));
      case FIRST -> {}
    }
    return new Caller(
        true,
        ticket.subject().isEmpty() ? Optional.empty() : Optional.of(ticket.subject()),
        TopicPatterns.of(ticket.topics()),
        TopicPatterns.none(),
        Optional.of(ticket.tokenExpiry()),
        ticket.filter());
  }

  private List<String> names(List<String> topics) {
    if (topics == null || topics.isEmpty()) {
      throw Problems.badRequest("No topics", "Name the topics the ticket is for: {\"topics\":[…]}");
    }
    LinkedHashSet<String> names = new LinkedHashSet<>();
    for (String topic : topics) {
      if (topic == null || !TopicNames.isLegal(topic)) {
        throw Problems.badRequest("Invalid topic name", TopicNames.RULE);
      }
      names.add(topic);
    }
    if (names.size() > maxTopics) {
      throw Problems.badRequest(
          "Too many topics", "A ticket names at most " + maxTopics + " topics");
    }
    return new ArrayList<>(names);
  }

  static ProblemException off() {
    return new ProblemException(
        404, "Tickets are off", "This service does not issue or accept stream tickets", Map.of());
  }
}
