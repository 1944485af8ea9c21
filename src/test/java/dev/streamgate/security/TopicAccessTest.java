package dev.streamgate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamgate.problem.ProblemException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TopicAccessTest {

  private final TopicAccess open =
      new TopicAccess(TopicPatterns.of(List.of("prices.*", "__*")), false);
  private final TopicAccess jwt =
      new TopicAccess(TopicPatterns.of(List.of("prices.*", "orders.*")), true);

  private final Caller pricesReader =
      new Caller(
          true,
          Optional.of("u"),
          TopicPatterns.of(List.of("prices.eu")),
          TopicPatterns.of(List.of("prices.*")),
          Optional.of(Instant.now().plusSeconds(60)));

  @Test
  void theAllowListBoundsEveryCallerAndInternalTopicsAreNeverServed() {
    Caller anyone = Caller.unrestricted();
    assertThat(open.mayRead(anyone, "prices.eu")).isTrue();
    assertThat(open.mayRead(anyone, "orders.eu")).isFalse();
    assertThat(open.mayRead(anyone, "__consumer_offsets"))
        .as("even though __* is listed")
        .isFalse();
    assertThat(open.mayPublish(anyone, "__transaction_state")).isFalse();
  }

  @Test
  void aTokenNarrowsTheAllowListAndNeverWidensIt() {
    assertThat(jwt.mayRead(pricesReader, "prices.eu")).isTrue();
    assertThat(jwt.mayRead(pricesReader, "prices.us")).isFalse();
    assertThat(jwt.mayPublish(pricesReader, "prices.us")).isTrue();
    Caller everything =
        new Caller(
            true, Optional.empty(), TopicPatterns.all(), TopicPatterns.all(), Optional.empty());
    assertThat(jwt.mayRead(everything, "users")).isFalse();
  }

  @Test
  void refusalsSay401WhenATokenWouldHelp403OtherwiseAnd404ForInternalTopics() {
    Caller anonymous = Caller.anonymous(TopicPatterns.none());
    assertStatus(() -> jwt.checkRead(anonymous, List.of("prices.eu")), 401);
    assertStatus(() -> jwt.checkRead(anonymous, List.of("users")), 403);
    assertStatus(() -> jwt.checkRead(pricesReader, List.of("prices.eu", "prices.us")), 403);
    assertStatus(() -> jwt.checkRead(pricesReader, List.of("__consumer_offsets")), 404);
    assertStatus(() -> jwt.checkPublish(anonymous, "prices.eu"), 401);
    jwt.checkRead(pricesReader, List.of("prices.eu"));
  }

  @Test
  void aListingShowsOnlyWhatTheCallerMayRead() {
    assertThat(
            jwt.readable(
                pricesReader, List.of("orders.eu", "prices.eu", "__consumer_offsets", "prices.us")))
        .containsExactly("prices.eu");
  }

  private static void assertStatus(Runnable call, int status) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.status()).isEqualTo(status));
  }
}
