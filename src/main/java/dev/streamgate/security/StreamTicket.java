package dev.streamgate.security;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a stream ticket says: who it was issued to, the topics it opens, when its token expires (a
 * stream opened with it still ends then) and until when it may be used to open one.
 *
 * @param id random, 128 bits: the key of the per-pod used-ticket store
 * @param subject the token's subject, for logs; may be empty
 * @param topics topic names (literal, never patterns) the ticket may open
 * @param tokenExpiry the token's {@code exp}
 * @param expiresAt the last instant the ticket opens a stream: min(issue + ttl, token expiry)
 * @param filter the token's filter claim, which the stream opened with the ticket carries
 */
public record StreamTicket(
    String id,
    String subject,
    List<String> topics,
    Instant tokenExpiry,
    Instant expiresAt,
    Optional<String> filter) {

  public StreamTicket {
    topics = List.copyOf(topics);
  }

  /** A ticket of a token without a filter claim. */
  public StreamTicket(
      String id, String subject, List<String> topics, Instant tokenExpiry, Instant expiresAt) {
    this(id, subject, topics, tokenExpiry, expiresAt, Optional.empty());
  }
}
