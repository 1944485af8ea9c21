package dev.streamgate.security;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /tickets}: a bearer token exchanged for a stream ticket, so that a browser's
 * EventSource, which cannot send headers, never carries the long-lived token in its URL. Runs on a
 * worker thread (token verification may fetch the issuer's keys).
 */
@Path("/tickets")
public class TicketResource {

  private final Callers callers;
  private final Tickets tickets;

  public TicketResource(Callers callers, Tickets tickets) {
    this.callers = callers;
    this.tickets = tickets;
  }

  /** The request body. */
  public record TicketRequest(List<String> topics) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Get a stream ticket",
      description =
          "Exchanges the bearer token for a short-lived ticket that opens one stream of the named"
              + " topics, once, as GET /streams/{topics}?ticket=…; the stream still ends at the"
              + " token's expiry.")
  @APIResponse(responseCode = "201", description = "{\"ticket\":…,\"expiresAt\":…}")
  @APIResponse(responseCode = "400", description = "No topics, or an invalid topic name")
  @APIResponse(responseCode = "401", description = "No token, or an invalid or expired one")
  @APIResponse(responseCode = "403", description = "The token may not read one of the topics")
  @APIResponse(responseCode = "404", description = "Tickets are off on this service")
  public Response issue(TicketRequest body, @Context HttpServerRequest http) {
    if (!tickets.enabled()) {
      throw Tickets.off();
    }
    Caller caller = callers.of(http);
    Tickets.Issued issued = tickets.issue(caller, body == null ? null : body.topics());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("ticket", issued.ticket());
    answer.put("expiresAt", issued.expiresAt().toString());
    return Response.status(201)
        .type(MediaType.APPLICATION_JSON)
        .header("Cache-Control", "no-store")
        .entity(answer)
        .build();
  }
}
