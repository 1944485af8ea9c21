package dev.streamgate.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.streamgate.testing.KafkaBrokerResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes every endpoint, the stream's event format included. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class OpenApiTest {

  private static JsonPath openApi() {
    return given()
        .queryParam("format", "json")
        .get("/q/openapi")
        .then()
        .statusCode(200)
        .extract()
        .jsonPath();
  }

  @Test
  void describesEveryEndpoint() {
    Map<String, Object> paths = openApi().getMap("paths");
    assertThat(paths)
        .containsKeys(
            "/streams/{topics}",
            "/topics",
            "/tickets",
            "/admin/streams",
            "/admin/streams/{id}",
            "/q/health/live",
            "/q/health/ready");
  }

  @Test
  void describesTheAdminApi() {
    JsonPath doc = openApi();
    assertThat(doc.getMap("paths.'/admin/streams'")).containsKeys("get", "delete");
    assertThat(doc.getMap("paths.'/admin/streams'.get.responses"))
        .containsKeys("200", "401", "403", "404");
    assertThat(doc.getString("paths.'/admin/streams/{id}'.delete.description")).contains("revoked");
    assertThat(doc.getMap("components.schemas.StreamPartition.properties"))
        .containsKeys("topic", "partition", "position", "head", "lag");
  }

  @Test
  void describesTheStreamsEventFormatAndBothMediaTypes() {
    JsonPath doc = openApi();
    String get = "paths.'/streams/{topics}'.get";
    assertThat(doc.getMap(get + ".responses.'200'.content"))
        .containsKeys("text/event-stream", "application/x-ndjson");
    assertThat(doc.getString(get + ".description"))
        .contains(
            "stream-info", "caught-up", "gap", "reset", "revoked", "Last-Event-ID", "envelope");
    assertThat(doc.getList(get + ".parameters.name"))
        .contains(
            "topics",
            "Last-Event-ID",
            "lastEventId",
            "since",
            "from",
            "format",
            "key",
            "type",
            "filter",
            "fields",
            "conflate");
    assertThat(doc.getMap(get + ".responses")).containsKeys("200", "400", "404", "429", "503");
  }

  @Test
  void describesTheTopicListing() {
    JsonPath doc = openApi();
    assertThat(doc.getMap("paths.'/topics'.get.responses")).containsKeys("200", "503");
    assertThat(doc.getMap("components.schemas.Partition.properties"))
        .containsKeys("partition", "earliest", "latest");
  }

  @Test
  void servesSwaggerUi() {
    given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
  }
}
