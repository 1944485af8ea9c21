package dev.streamgate.topics;

import dev.streamgate.kafka.TopicCatalog;
import dev.streamgate.kafka.TopicSnapshot;
import dev.streamgate.security.Caller;
import dev.streamgate.security.Callers;
import dev.streamgate.security.TopicAccess;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code GET /topics}: what a dashboard can subscribe to, with each partition's retained range, so
 * a person can pick topics and see how much history {@code from=earliest} would replay.
 */
@Path("/topics")
@Tag(name = "Topics", description = "The topics this caller may read")
public class TopicsResource {

  private final TopicCatalog catalog;
  private final Callers callers;
  private final TopicAccess access;

  public TopicsResource(TopicCatalog catalog, Callers callers, TopicAccess access) {
    this.catalog = catalog;
    this.callers = callers;
    this.access = access;
  }

  /** Runs on a worker thread: the catalog waits for Kafka's Admin answers, with a timeout. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Blocking
  @Operation(
      summary = "List the topics this caller may stream",
      description =
          "Sorted by name, with every partition's earliest retained offset and latest (committed)"
              + " offset. Only topics the caller may stream are listed: the allow-list and the"
              + " caller's token claims apply; Kafka's internal topics (names starting with `__`)"
              + " are never listed.")
  @APIResponse(
      responseCode = "200",
      description = "The topics",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(type = SchemaType.ARRAY, implementation = TopicInfo.class)))
  @APIResponse(
      responseCode = "401",
      description = "The token sent is invalid or expired",
      content = @Content(mediaType = "application/problem+json"))
  @APIResponse(
      responseCode = "503",
      description = "Kafka did not answer in time (`Retry-After: 5`)",
      content = @Content(mediaType = "application/problem+json"))
  public List<TopicInfo> list(@Context HttpServerRequest http) {
    Caller caller = callers.of(http);
    List<String> names =
        catalog.topicNames().stream()
            .filter(topic -> listed(caller, topic))
            .sorted(Comparator.naturalOrder())
            .toList();
    // snapshotExisting keeps the order it is given
    return catalog.snapshotExisting(names).stream().map(TopicsResource::info).toList();
  }

  /**
   * The one place that decides whether a topic appears in the listing: the same rule as {@code GET
   * /streams} (internal topics never, then the allow-list and the caller's claims), so the listing
   * never shows more than a stream would serve.
   */
  private boolean listed(Caller caller, String topic) {
    return access.mayRead(caller, topic);
  }

  private static TopicInfo info(TopicSnapshot snapshot) {
    List<TopicInfo.PartitionInfo> partitions = new ArrayList<>(snapshot.partitions());
    for (int p = 0; p < snapshot.partitions(); p++) {
      partitions.add(new TopicInfo.PartitionInfo(p, snapshot.earliest()[p], snapshot.latest()[p]));
    }
    return new TopicInfo(snapshot.topic(), partitions);
  }
}
