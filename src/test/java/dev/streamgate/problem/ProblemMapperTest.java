package dev.streamgate.problem;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class ProblemMapperTest {

  private final ProblemMapper mapper = new ProblemMapper();

  @Test
  void anUnexpectedErrorIsA500WithoutItsMessageClassOrStack() {
    Response response =
        mapper.unexpected(
            new IllegalStateException("broker at 10.1.2.3:9092 said no", new RuntimeException()));
    assertThat(response.getStatus()).isEqualTo(500);
    assertThat(response.getMediaType().toString()).isEqualTo("application/problem+json");
    String body = (String) response.getEntity();
    assertThat(body)
        .contains("\"status\":500")
        .doesNotContain("10.1.2.3")
        .doesNotContain("IllegalStateException")
        .doesNotContain("at dev.");
  }

  @Test
  void frameworkErrorsKeepTheirStatusButNotTheirMessage() {
    Response response =
        mapper.web(new NotAllowedException("secret internals", "GET", new String[] {"POST"}));
    assertThat(response.getStatus()).isEqualTo(405);
    assertThat((String) response.getEntity())
        .contains("Method Not Allowed")
        .doesNotContain("secret");
  }
}
