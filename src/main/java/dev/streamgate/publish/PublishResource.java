package dev.streamgate.publish;

import dev.streamgate.kafka.TopicCatalog;
import dev.streamgate.problem.ProblemException;
import dev.streamgate.security.Caller;
import dev.streamgate.security.Callers;
import dev.streamgate.security.PublishSwitchConfig;
import dev.streamgate.security.TopicAccess;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * {@code POST /topics/{topic}/events}: publish one event over HTTP, for producers that cannot speak
 * Kafka. The body is the value as is; key and type come from the query or {@code Streamgate-Key} /
 * {@code Streamgate-Type} headers (the query wins). The answer waits for Kafka's acknowledgement
 * ({@code acks=all}, idempotent producer) without holding a thread.
 */
@Path("/topics")
public class PublishResource {

  private final Publisher publisher;
  private final Callers callers;
  private final TopicAccess access;
  private final TopicCatalog catalog;
  private final PublishRequest.Limits limits;
  private final boolean enabled;
  private final Duration timeout;

  public PublishResource(
      Publisher publisher,
      Callers callers,
      TopicAccess access,
      TopicCatalog catalog,
      PublishSwitchConfig publishSwitch,
      PublishConfig publish) {
    this.publisher = publisher;
    this.callers = callers;
    this.access = access;
    this.catalog = catalog;
    this.limits = new PublishRequest.Limits(publish.maxKeyBytes(), publish.maxValueBytes());
    this.enabled = publishSwitch.enabled();
    this.timeout = publish.timeout();
  }

  @POST
  @Path("{topic}/events")
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Publish one event",
      description =
          "The request body is the record value, unchanged. Answers once every in-sync replica has"
              + " the record. Key and type may be given as query parameters or as the"
              + " Streamgate-Key / Streamgate-Type headers.")
  @APIResponse(
      responseCode = "201",
      description = "Written: {\"topic\":…,\"partition\":…,\"offset\":…,\"timestamp\":…}")
  @APIResponse(responseCode = "400", description = "Invalid topic name, key or type (problem JSON)")
  @APIResponse(responseCode = "401", description = "A token is needed, or the one sent is invalid")
  @APIResponse(responseCode = "403", description = "The caller may not publish to this topic")
  @APIResponse(responseCode = "404", description = "No such topic (topics are never auto-created)")
  @APIResponse(
      responseCode = "413",
      description = "The value is above streamgate.publish.max-value-bytes")
  @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time; Retry-After")
  public Uni<Response> publish(
      @RestPath String topic,
      @Parameter(description = "Record key (UTF-8, at most streamgate.publish.max-key-bytes)")
          @RestQuery
          String key,
      @Parameter(description = "Event type: [A-Za-z0-9._:/+-]{1,128}, not a control event name")
          @RestQuery
          String type,
      @Parameter(in = ParameterIn.HEADER, name = "Streamgate-Key") @RestHeader("Streamgate-Key")
          String keyHeader,
      @Parameter(in = ParameterIn.HEADER, name = "Streamgate-Type") @RestHeader("Streamgate-Type")
          String typeHeader,
      byte[] body,
      @Context HttpServerRequest http) {
    if (!enabled) {
      throw new ProblemException(404, "Not found", "Publishing is turned off", Map.of());
    }
    PublishRequest request =
        PublishRequest.parse(
            topic, key != null ? key : keyHeader, type != null ? type : typeHeader, body, limits);
    return Uni.createFrom()
        .item(() -> authorise(request, http))
        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
        .chain(publisher::send)
        .ifNoItem()
        .after(timeout.plusSeconds(1))
        .failWith(
            () ->
                new ProblemException(
                    503,
                    "Kafka unavailable",
                    "Kafka did not acknowledge the event; retry shortly",
                    Map.of("Retry-After", "5")))
        .map(PublishResource::created);
  }

  /** Token, access and existence checks: blocking (a JWKS fetch, a Kafka look-up). */
  private PublishRequest authorise(PublishRequest request, HttpServerRequest http) {
    Caller caller = callers.of(http);
    access.checkPublish(caller, request.topic());
    catalog.snapshot(List.of(request.topic()));
    return request;
  }

  private static Response created(RecordMetadata metadata) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("topic", metadata.topic());
    body.put("partition", metadata.partition());
    body.put("offset", metadata.offset());
    body.put("timestamp", metadata.timestamp());
    return Response.status(201).type(MediaType.APPLICATION_JSON).entity(body).build();
  }
}
