package dev.streamgate.stream;

import dev.streamgate.config.StreamgateConfig;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code GET /streams/{topics}}: Kafka topics as Server-Sent Events (or NDJSON), resumable from any
 * event id on any pod. Validation and Kafka look-ups happen before the response starts, so every
 * refusal is a proper HTTP status with a problem body; after that, everything is said in-band.
 */
@Path("/streams")
public class StreamResource {

  private final StreamOpener opener;
  private final int maxTopics;

  public StreamResource(StreamOpener opener, StreamgateConfig config) {
    this.opener = opener;
    this.maxTopics = config.stream().maxTopics();
  }

  @GET
  @Path("{topics}")
  @Blocking
  public RestMulti<byte[]> stream(
      @RestPath String topics,
      @RestHeader("Last-Event-ID") String lastEventIdHeader,
      @RestQuery String lastEventId,
      @RestQuery String since,
      @RestQuery String from,
      @RestQuery String format,
      @RestQuery List<String> key,
      @RestQuery List<String> type,
      @RestHeader("Accept") String accept) {
    StreamRequest request =
        StreamRequest.parse(
            new StreamRequest.Raw(
                topics, lastEventIdHeader, lastEventId, since, from, format, key, type, accept),
            maxTopics);
    Multi<byte[]> frames = Multi.createFrom().publisher(opener.open(request));
    return RestMulti.fromMultiData(frames)
        .status(200)
        .header("Content-Type", request.format().contentType())
        .header("Cache-Control", "no-cache")
        .header("X-Accel-Buffering", "no")
        .build();
  }
}
