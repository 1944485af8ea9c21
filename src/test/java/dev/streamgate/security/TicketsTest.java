package dev.streamgate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamgate.problem.ProblemException;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * Tickets as pods see them (pure, a clock of the test's own): one pod's ticket opens a stream on
 * another pod with the same key, once per pod; what a pod refuses to start with; the secure
 * defaults.
 */
class TicketsTest {

  static final String KEY = "0123456789abcdef0123456789abcdef-test";

  /** The mappings tickets and the secure defaults read, bound to these settings. */
  static SmallRyeConfig config(Map<String, String> settings) {
    return new SmallRyeConfigBuilder()
        .withMapping(SecurityConfig.class)
        .withMapping(JwtConfig.class)
        .withMapping(TicketsConfig.class)
        .withMapping(MaxTopicsConfig.class)
        .withMapping(PublishSwitchConfig.class)
        .withConverter(Duration.class, 200, new DurationConverter())
        .withSources(new PropertiesConfigSource(settings, "test", 500))
        .build();
  }

  /** A pod's tickets with these settings. */
  static Tickets tickets(SmallRyeConfig config, LongSupplier clockMillis) {
    JwtConfig jwt = config.getConfigMapping(JwtConfig.class);
    return new Tickets(
        config.getConfigMapping(TicketsConfig.class),
        jwt,
        config.getConfigMapping(MaxTopicsConfig.class),
        new TopicAccess(config.getConfigMapping(SecurityConfig.class), jwt),
        clockMillis);
  }

  static List<String> warnings(SmallRyeConfig config) {
    return SecureDefaults.warnings(
        config.getConfigMapping(JwtConfig.class),
        config.getConfigMapping(PublishSwitchConfig.class));
  }

  static SmallRyeConfig ticketsOn(String key) {
    Map<String, String> settings = new HashMap<>();
    settings.put("streamgate.security.jwt.enabled", "true");
    settings.put("streamgate.security.tickets.enabled", "true");
    settings.put("streamgate.security.tickets.ttl", "30s");
    if (key != null) {
      settings.put("streamgate.security.tickets.key", key);
    }
    return config(settings);
  }

  private final AtomicLong now =
      new AtomicLong(Instant.parse("2030-01-01T00:00:00Z").toEpochMilli());

  private Tickets pod(String key) {
    return tickets(ticketsOn(key), now::get);
  }

  private Caller token(Instant exp) {
    return new Caller(
        true,
        Optional.of("alice"),
        TopicPatterns.of(List.of("orders.*")),
        TopicPatterns.none(),
        Optional.of(exp));
  }

  @Test
  void aTicketFromOnePodOpensOnAnotherOncePerPod() {
    Tickets a = pod(KEY);
    Tickets b = pod(KEY);
    Instant exp = Instant.ofEpochMilli(now.get()).plusSeconds(600);
    String ticket = a.issue(token(exp), List.of("orders.eu")).ticket();

    Caller onB = b.redeem(ticket);
    assertThat(onB.subject()).contains("alice");
    assertThat(onB.read().patterns()).containsExactly("orders.eu");
    assertThat(onB.publish().patterns()).isEmpty();
    assertThat(onB.expiresAt()).contains(exp);
    assertThatThrownBy(() -> b.redeem(ticket))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.getMessage()).contains("already used"));
    // what a ticket does not promise: a pod that has not seen it used accepts it, within its ttl
    assertThat(a.redeem(ticket).read().patterns()).containsExactly("orders.eu");
  }

  @Test
  void aTicketCarriesItsTokensFilterClaimUnderTheSignature() {
    Tickets pod = pod(KEY);
    Instant exp = Instant.ofEpochMilli(now.get()).plusSeconds(600);
    Caller tenant =
        new Caller(
            true,
            Optional.of("alice"),
            TopicPatterns.of(List.of("orders.*")),
            TopicPatterns.none(),
            Optional.of(exp),
            Optional.of("value.tenant == \"acme\""));
    String ticket = pod.issue(tenant, List.of("orders.eu")).ticket();
    assertThat(pod.redeem(ticket).filter()).contains("value.tenant == \"acme\"");
    // a ticket of a token without the claim has none (and keeps the first format version)
    String plain = pod.issue(token(exp), List.of("orders.eu")).ticket();
    assertThat(pod.redeem(plain).filter()).isEmpty();
    assertThat(java.util.Base64.getUrlDecoder().decode(plain.substring(0, plain.indexOf('.')))[0])
        .isEqualTo((byte) 1);
    // the filter cannot be cut off: the payload is signed as a whole
    String payload = ticket.substring(0, ticket.indexOf('.'));
    byte[] bytes = java.util.Base64.getUrlDecoder().decode(payload);
    bytes[0] = 1;
    String cut =
        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)
            + ticket.substring(ticket.indexOf('.'));
    assertThatThrownBy(() -> pod(KEY).redeem(cut))
        .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  void aTicketExpiresAfterItsTtlOrWithItsTokenWhicheverComesFirst() {
    Tickets pod = pod(KEY);
    Instant start = Instant.ofEpochMilli(now.get());
    assertThat(pod.issue(token(start.plusSeconds(600)), List.of("orders.eu")).expiresAt())
        .isEqualTo(start.plusSeconds(30));
    Tickets.Issued bound = pod.issue(token(start.plusSeconds(5)), List.of("orders.eu"));
    assertThat(bound.expiresAt()).isEqualTo(start.plusSeconds(5));
    now.addAndGet(5_001);
    assertThatThrownBy(() -> pod.redeem(bound.ticket()))
        .isInstanceOfSatisfying(
            ProblemException.class,
            e -> {
              assertThat(e.status()).isEqualTo(401);
              assertThat(e.getMessage()).contains("expired");
            });
  }

  @Test
  void anotherKeysTicketIsNotValid() {
    String ticket =
        pod(KEY)
            .issue(token(Instant.ofEpochMilli(now.get()).plusSeconds(60)), List.of("orders.eu"))
            .ticket();
    assertThatThrownBy(() -> pod("another-key-of-at-least-32-characters").redeem(ticket))
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.getMessage()).contains("not valid"));
  }

  @Test
  void aPodWithTicketsOnRefusesToStartWithoutAKeyOrWithoutJwt() {
    assertThatThrownBy(() -> pod(null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("streamgate.security.tickets.key");
    assertThatThrownBy(() -> pod("too-short"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least 32");
    SmallRyeConfig noJwt =
        config(
            Map.of(
                "streamgate.security.tickets.enabled",
                "true",
                "streamgate.security.tickets.key",
                KEY));
    assertThatThrownBy(() -> tickets(noJwt, System::currentTimeMillis))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("streamgate.security.jwt.enabled=true");
  }

  @Test
  void publishingIsOffByDefaultAndOnWithoutJwtIsWarnedAbout() {
    SmallRyeConfig defaults = config(Map.of());
    assertThat(defaults.getConfigMapping(PublishSwitchConfig.class).enabled()).isFalse();
    assertThat(defaults.getConfigMapping(TicketsConfig.class).enabled()).isFalse();
    assertThat(defaults.getConfigMapping(TicketsConfig.class).ttl()).hasSeconds(30);
    assertThat(warnings(defaults)).isEmpty();
    assertThat(warnings(config(Map.of("streamgate.publish.enabled", "true"))))
        .singleElement()
        .asString()
        .contains("without JWT");
    assertThat(
            warnings(
                config(
                    Map.of(
                        "streamgate.publish.enabled", "true",
                        "streamgate.security.jwt.enabled", "true"))))
        .isEmpty();
  }
}
