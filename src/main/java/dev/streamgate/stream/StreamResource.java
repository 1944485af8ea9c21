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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
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
@Tag(name = "Streams", description = "Kafka topics as resumable Server-Sent Events")
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
  @Operation(summary = "Stream topics as Server-Sent Events", description = StreamApiDoc.STREAM)
  @APIResponse(
      responseCode = "200",
      description = "The stream: never ends by itself; reconnect with the last id to resume",
      content = {
        @Content(
            mediaType = "text/event-stream",
            schema = @Schema(type = SchemaType.STRING),
            examples = @ExampleObject(name = "sse", value = StreamApiDoc.SSE_EXAMPLE)),
        @Content(
            mediaType = "application/x-ndjson",
            schema = @Schema(type = SchemaType.STRING),
            examples = @ExampleObject(name = "ndjson", value = StreamApiDoc.NDJSON_EXAMPLE))
      })
  @APIResponse(
      responseCode = "400",
      description = "Invalid topic name, too many topics, bad from/since/format",
      content = @Content(mediaType = "application/problem+json"))
  @APIResponse(
      responseCode = "401",
      description =
          "JWT on: no token where one is needed, or an invalid or expired one (header, cookie or"
              + " `access_token`)",
      content = @Content(mediaType = "application/problem+json"))
  @APIResponse(
      responseCode = "403",
      description = "A topic is outside the allow-list or the caller's token claims",
      content = @Content(mediaType = "application/problem+json"))
  @APIResponse(
      responseCode = "404",
      description = "A topic does not exist or is internal",
      content = @Content(mediaType = "application/problem+json"))
  @APIResponse(
      responseCode = "429",
      description =
          "Too many streams (on this instance or from this address) or connects too fast"
              + " (`Retry-After`)",
      content = @Content(mediaType = "application/problem+json"))
  @APIResponse(
      responseCode = "503",
      description = "Kafka did not answer in time (`Retry-After: 5`)",
      content = @Content(mediaType = "application/problem+json"))
  public RestMulti<byte[]> stream(
      @Parameter(
              description = "One topic or a comma-separated list, carried by one connection",
              example = "demo.prices")
          @RestPath
          String topics,
      @Parameter(
              name = "Last-Event-ID",
              in = ParameterIn.HEADER,
              description = "Resume after this event id (EventSource sends it on reconnect)")
          @RestHeader("Last-Event-ID")
          String lastEventIdHeader,
      @Parameter(description = "Resume after this event id, for a first connect") @RestQuery
          String lastEventId,
      @Parameter(
              description =
                  "ISO-8601 instant or epoch millis: start at the first records at or after it",
              example = "2026-01-31T12:00:00Z")
          @RestQuery
          String since,
      @Parameter(
              description = "Where to start without an id or `since`",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {"latest", "earliest"},
                      defaultValue = "latest"))
          @RestQuery
          String from,
      @Parameter(
              description = "`raw`: data is the record value; `envelope`: data is a JSON envelope",
              schema =
                  @Schema(
                      type = SchemaType.STRING,
                      enumeration = {"raw", "envelope"},
                      defaultValue = "raw"))
          @RestQuery
          String format,
      @Parameter(description = "Only records with one of these keys (repeatable)") @RestQuery
          List<String> key,
      @Parameter(description = "Only records with one of these event types (repeatable)") @RestQuery
          List<String> type,
      @Parameter(
              name = "Accept",
              in = ParameterIn.HEADER,
              description = "`application/x-ndjson` for newline-delimited JSON envelopes")
          @RestHeader("Accept")
          String accept,
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
