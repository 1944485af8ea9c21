package dev.streamgate.stream;

import dev.streamgate.config.StreamgateConfig;
import dev.streamgate.security.Admission;
import dev.streamgate.security.Caller;
import dev.streamgate.security.Callers;
import dev.streamgate.security.TopicAccess;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import java.util.List;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code GET /streams/{topics}}: Kafka topics as Server-Sent Events (or NDJSON), resumable from any
 * event id on any pod. Validation and Kafka look-ups happen before the response starts, so every
 * refusal is a proper HTTP status with a problem body; after that, everything is said in-band.
 *
 * <p>Gates, cheapest first: connect rate (429), request syntax (400), token (401), topic access
 * (403, 404 for internal topics) — all before Kafka is asked anything — then the topics' existence
 * (404) and the stream slots (429).
 */
@Path("/streams")
public class StreamResource {

  private final StreamOpener opener;
  private final Admission admission;
  private final Callers callers;
  private final TopicAccess access;
  private final int maxTopics;

  public StreamResource(
      StreamOpener opener,
      Admission admission,
      Callers callers,
      TopicAccess access,
      StreamgateConfig config) {
    this.opener = opener;
    this.admission = admission;
    this.callers = callers;
    this.access = access;
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
      @RestHeader("Accept") String accept,
      @Context HttpServerRequest http) {
    String address = admission.admit(http);
    StreamRequest request =
        StreamRequest.parse(
            new StreamRequest.Raw(
                topics, lastEventIdHeader, lastEventId, since, from, format, key, type, accept),
            maxTopics);
    Caller caller = callers.of(http);
    access.checkRead(caller, request.topics());
    Multi<byte[]> frames =
        Multi.createFrom().publisher(opener.open(request, address, caller.expiresAt()));
    return RestMulti.fromMultiData(frames)
        .status(200)
        .header("Content-Type", request.format().contentType())
        .header("Cache-Control", "no-cache")
        .header("X-Accel-Buffering", "no")
        .build();
  }
}
