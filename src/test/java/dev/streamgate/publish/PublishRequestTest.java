package dev.streamgate.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamgate.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublishRequestTest {

  private static final PublishRequest.Limits LIMITS = new PublishRequest.Limits(16, 100);

  @Test
  void aValidRequest() {
    PublishRequest r = PublishRequest.parse("prices", "ACME", "price", bytes("v"), LIMITS);
    assertThat(r.key()).isEqualTo(bytes("ACME"));
    assertThat(r.type()).isEqualTo("price");
    assertThat(r.value()).isEqualTo(bytes("v"));
  }

  @Test
  void emptyKeyAndTypeMeanNone() {
    PublishRequest r = PublishRequest.parse("prices", "", "", null, LIMITS);
    assertThat(r.key()).isNull();
    assertThat(r.type()).isNull();
    assertThat(r.value()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "stream-info",
        "caught-up",
        "gap",
        "reset",
        "heartbeat",
        "error",
        "a b",
        "x\ny",
        "é"
      })
  void unsafeOrReservedTypesAre400(String type) {
    assertStatus(() -> PublishRequest.parse("t", null, type, bytes("v"), LIMITS), 400);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\rb", "a\nb", "a\u0000b", "\ud800"})
  void keysWithControlCharactersOrBrokenUnicodeAre400(String key) {
    assertStatus(() -> PublishRequest.parse("t", key, null, bytes("v"), LIMITS), 400);
  }

  @Test
  void keyAndValueCaps() {
    assertStatus(() -> PublishRequest.parse("t", "k".repeat(17), null, bytes("v"), LIMITS), 400);
    assertThat(PublishRequest.parse("t", "k".repeat(16), null, new byte[100], LIMITS)).isNotNull();
    assertStatus(() -> PublishRequest.parse("t", null, null, new byte[101], LIMITS), 413);
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "a/b", "a%2Fb", "a b", "é", "a,b"})
  void invalidTopicsAre400(String topic) {
    assertStatus(() -> PublishRequest.parse(topic, null, null, bytes("v"), LIMITS), 400);
  }

  private static void assertStatus(Runnable call, int status) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ProblemException.class, e -> assertThat(e.status()).isEqualTo(status));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
