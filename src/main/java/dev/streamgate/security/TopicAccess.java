package dev.streamgate.security;

import dev.streamgate.cursor.TopicNames;
import dev.streamgate.problem.ProblemException;
import dev.streamgate.problem.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The one place that answers "may this caller read / publish topic X". Every surface that names a
 * topic asks here before it asks Kafka anything, so a refused topic costs no Kafka call and its
 * existence is not revealed.
 *
 * <p>A topic is served when it is not internal, matches the service-wide allow-list ({@code
 * streamgate.security.topics}) and matches the caller's own patterns (their token's claim, the
 * anonymous-read patterns, or everything when JWT is off).
 */
@ApplicationScoped
public class TopicAccess {

  private final TopicPatterns allowList;
  private final boolean jwt;

  @Inject
  public TopicAccess(SecurityConfig security, JwtConfig jwt) {
    this(TopicPatterns.of(security.topics()), jwt.enabled());
  }

  TopicAccess(TopicPatterns allowList, boolean jwt) {
    this.allowList = allowList;
    this.jwt = jwt;
  }

  /** Whether the service serves {@code topic} to anyone at all. */
  public boolean isServed(String topic) {
    return !TopicNames.isInternal(topic) && allowList.matches(topic);
  }

  /** Whether {@code caller} may read {@code topic}. */
  public boolean mayRead(Caller caller, String topic) {
    return isServed(topic) && caller.read().matches(topic);
  }

  /**
   * The topics of {@code topics} that {@code caller} may read, in their order: what a listing
   * surface (such as {@code GET /topics}) may show, so that it reveals nothing else.
   */
  public List<String> readable(Caller caller, Collection<String> topics) {
    List<String> readable = new ArrayList<>();
    for (String topic : topics) {
      if (mayRead(caller, topic)) {
        readable.add(topic);
      }
    }
    return readable;
  }

  /** Whether {@code caller} may publish to {@code topic}. */
  public boolean mayPublish(Caller caller, String topic) {
    return isServed(topic) && caller.publish().matches(topic);
  }

  /**
   * Refuses, before Kafka is asked, a read of any topic the caller may not read: 404 for internal
   * topics (as if absent), 401 when a token would help, 403 otherwise.
   */
  public void checkRead(Caller caller, Collection<String> topics) {
    for (String topic : topics) {
      if (!mayRead(caller, topic)) {
        throw refusal(caller, topic, "read");
      }
    }
  }

  /** Refuses a publish to a topic the caller may not publish to, as {@link #checkRead}. */
  public void checkPublish(Caller caller, String topic) {
    if (!mayPublish(caller, topic)) {
      throw refusal(caller, topic, "publish to");
    }
  }

  private ProblemException refusal(Caller caller, String topic, String verb) {
    if (TopicNames.isInternal(topic)) {
      return new ProblemException(404, "Unknown topic", "No such topic: " + topic, Map.of());
    }
    if (jwt && !caller.authenticated() && allowList.matches(topic)) {
      return Problems.unauthorized("A token is needed to " + verb + " topic " + topic);
    }
    return new ProblemException(
        403, "Topic not allowed", "You may not " + verb + " topic " + topic, Map.of());
  }
}
