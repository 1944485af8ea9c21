package dev.streamgate.topics;

import dev.streamgate.tail.TopicCatalog;
import dev.streamgate.tail.TopicSnapshot;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
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

  public TopicsResource(TopicCatalog catalog) {
    this.catalog = catalog;
  }

  /** Runs on a worker thread: the catalog waits for Kafka's Admin answers, with a timeout. */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  @Blocking
  @Operation(
      summary = "List the topics this caller may stream",
      description =
          "Sorted by name, with every partition's earliest retained offset and latest (committed)"
              + " offset. Kafka's internal topics (names starting with `__`) are never listed.")
  @APIResponse(
      responseCode = "200",
      description = "The topics",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(type = SchemaType.ARRAY, implementation = TopicInfo.class)))
  @APIResponse(
      responseCode = "503",
      description = "Kafka did not answer in time (`Retry-After: 5`)",
      content = @Content(mediaType = "application/problem+json"))
  public List<TopicInfo> list() {
    List<String> names =
        catalog.topicNames().stream()
            .filter(this::listed)
            .sorted(Comparator.naturalOrder())
            .toList();
    // snapshotExisting keeps the order it is given
    return catalog.snapshotExisting(names).stream().map(TopicsResource::info).toList();
  }

  /**
   * The one place that decides whether a topic appears in the listing. Kafka's internal topics
   * never do; access rules (the topic allow-list, a caller's token claims) belong here as well, so
   * the listing can never show more than {@code GET /streams} would serve.
   */
  private boolean listed(String topic) {
    return !topic.startsWith("__");
  }

  private static TopicInfo info(TopicSnapshot snapshot) {
    List<TopicInfo.PartitionInfo> partitions = new ArrayList<>(snapshot.partitions());
    for (int p = 0; p < snapshot.partitions(); p++) {
      partitions.add(new TopicInfo.PartitionInfo(p, snapshot.earliest()[p], snapshot.latest()[p]));
    }
    return new TopicInfo(snapshot.topic(), partitions);
  }
}
